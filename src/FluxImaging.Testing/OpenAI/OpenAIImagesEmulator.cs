using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing.OpenAI;

/// <summary>
/// An OpenAI-compatible images endpoint shaped like a gpt4free server on port 1337:
/// <c>POST /v1/images/generations</c> answers <c>{"data":[{"url"|"b64_json", "revised_prompt"}], "created", …}</c>
/// with real PNGs served from <c>/media/…</c>; <c>GET /v1/models</c> lists its models. Its historical quirks are knobs,
/// and <see cref="Kind"/> <see cref="OpenAIImagesServerKind.Gpt4Free"/> makes it a gpt4free server as a client sees it
/// (authentication, validation, field names, <c>n</c>), with <see cref="Gpt4FreeErrors"/> for its failures.
/// </summary>
public sealed class OpenAIImagesEmulator : IAsyncDisposable
{
    private readonly BoundedStore<byte[]> _media = new();
    private readonly ConcurrentQueue<string> _forwardedCredentials = new();
    private EmulatorHost? _host;

    private OpenAIImagesEmulator()
    {
    }

    /// <summary>The underlying host: recorded requests and HTTP-level faults.</summary>
    public EmulatorHost Host => _host!;

    /// <summary>The server's base URL (without <c>/v1</c>).</summary>
    public Uri BaseAddress => Host.BaseAddress;

    /// <summary>Every request received so far.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Host.Requests;

    /// <summary>Which server it behaves like. Default <see cref="OpenAIImagesServerKind.OpenAI"/>.</summary>
    public OpenAIImagesServerKind Kind { get; set; }

    /// <summary>The bearer key required, or null for none (<see cref="OpenAIImagesServerKind.OpenAI"/> only).</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>
    /// The G4F API key the gpt4free server is started with, or null for none (the default, as most servers run). When
    /// set, requests need <c>g4f-api-key: &lt;key&gt;</c> or <c>Authorization: Bearer &lt;key&gt;</c>: none is a 401
    /// <c>G4F API key required</c>, another a 403 <c>Invalid G4F API key</c>.
    /// </summary>
    public string? Gpt4FreeApiKey { get; set; }

    /// <summary>
    /// Every credential the gpt4free server would have handed to its providers (for FLUX.1-dev: as
    /// <c>x-zerogpu-token</c>) because it arrived as a Bearer token: without a G4F key, any Bearer other than
    /// <c>secret</c> (when the body has no <c>api_key</c>); with one, the last word of <c>Bearer &lt;key&gt; &lt;provider key&gt;</c>.
    /// A client that keeps its key to the server leaves this empty.
    /// </summary>
    public IReadOnlyList<string> ForwardedProviderCredentials => _forwardedCredentials.ToArray();

    /// <summary>gpt4free ignores <c>n</c> and always returns one image. Default false (honours <c>n</c>).</summary>
    public bool IgnoreN { get; set; }

    /// <summary>gpt4free before 2025-07-11 listed preview URLs before the final image. Default 0.</summary>
    public int LeakedPreviews { get; set; }

    /// <summary>gpt4free types <c>guidance_scale</c> as an integer and answers 422 for 3.5. Default false.</summary>
    public bool IntegerGuidanceOnly { get; set; }

    /// <summary>The side of the images rendered when the request gives no size. Default 256.</summary>
    public int DefaultSize { get; set; } = 256;

    /// <summary>A <c>url</c> sent instead of the emulator's own media URL (e.g. <see cref="HostileText.JavaScriptUrl"/>); default null.</summary>
    public string? ImageUrlOverride { get; set; }

    /// <summary>Starts the server on a free loopback port.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running server.</returns>
    public static async Task<OpenAIImagesEmulator> StartAsync(CancellationToken cancellationToken = default)
    {
        var emulator = new OpenAIImagesEmulator();
        emulator._host = await EmulatorHost.StartAsync(
            routes =>
            {
                routes.MapPost("/v1/images/generations", (Delegate)emulator.GenerateAsync);
                routes.MapGet("/v1/models", () => EmulatorJson.Result(new JsonObject { ["object"] = "list", ["data"] = new JsonArray(new JsonObject { ["id"] = "flux", ["object"] = "model", ["created"] = 0, ["owned_by"] = "emulator" }) }));
                routes.MapGet("/media/{name}", (string name) => emulator._media.TryGetValue(name, out var png)
                    ? Results.Bytes(png, PngImage.MediaType)
                    : EmulatorJson.Result(new JsonObject { ["error"] = new JsonObject { ["message"] = "File not found" } }, statusCode: 404));
            },
            cancellationToken).ConfigureAwait(false);
        return emulator;
    }

    /// <summary>Starts a gpt4free server (<see cref="Kind"/> <see cref="OpenAIImagesServerKind.Gpt4Free"/>) on a free loopback port.</summary>
    /// <param name="apiKey">The G4F API key it requires, or null for none.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running server.</returns>
    public static async Task<OpenAIImagesEmulator> StartGpt4FreeAsync(string? apiKey = null, CancellationToken cancellationToken = default)
    {
        var emulator = await StartAsync(cancellationToken).ConfigureAwait(false);
        emulator.Kind = OpenAIImagesServerKind.Gpt4Free;
        emulator.Gpt4FreeApiKey = apiKey;
        return emulator;
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private static IResult Error(int status, string message, string type, string? code, string? param = null) =>
        EmulatorJson.Result(new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code } }, statusCode: status);

    private async Task<IResult> GenerateAsync(HttpContext context)
    {
        var gpt4Free = Kind == OpenAIImagesServerKind.Gpt4Free;
        if ((gpt4Free ? Gpt4FreeAuthentication(context.Request) : OpenAIAuthentication(context.Request)) is { } refused)
        {
            return refused;
        }

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (gpt4Free)
        {
            var errors = Gpt4FreeRequestValidation.Errors(body);
            if (errors.Count > 0)
            {
                return EmulatorJson.Result(new JsonObject { ["detail"] = errors }, statusCode: 422);
            }

            RecordForwardedCredential(context.Request, body!);
        }

        if (body?["prompt"] is not JsonValue promptValue || !promptValue.TryGetValue<string>(out var prompt) || prompt.Length == 0)
        {
            return Error(400, "prompt is required.", "invalid_request_error", null, "prompt");
        }

        if (!gpt4Free && IntegerGuidanceOnly && body["guidance_scale"] is JsonValue guidance && guidance.TryGetValue<double>(out var g) && g % 1 != 0)
        {
            return EmulatorJson.Result(new JsonObject { ["detail"] = new JsonArray(new JsonObject { ["loc"] = new JsonArray("body", "guidance_scale"), ["message"] = "Input should be a valid integer, got a number with a fractional part", ["type"] = "int_from_float" }) }, statusCode: 422);
        }

        // gpt4free accepts n and ignores it: one image per call.
        var n = IgnoreN || gpt4Free ? 1 : body["n"] is JsonValue nValue && nValue.TryGetValue<int>(out var requested) ? Math.Clamp(requested, 1, 10) : 1;
        var (width, height) = gpt4Free ? Gpt4FreeSize(body) : Size(body["size"]?.GetValue<string>());
        var seed = (gpt4Free ? Gpt4FreeRequestValidation.Integer(body["seed"]) : null)
            ?? (body["seed"] is JsonValue seedValue && seedValue.TryGetValue<long>(out var s) ? s : Random.Shared.NextInt64(0, int.MaxValue));
        var format = body["response_format"]?.GetValue<string>();
        var root = $"{context.Request.Scheme}://{context.Request.Host}";

        var data = new JsonArray();
        for (var i = 0; i < LeakedPreviews; i++)
        {
            // Typed JsonNode: JsonArray.Add<T> of anything else creates the value by reflection.
            JsonNode preview = new JsonObject { ["url"] = Store(PngImage.Render(prompt, seed + 1000 + i, 16, 16), root), ["revised_prompt"] = prompt };
            data.Add(preview);
        }

        for (var i = 0; i < n; i++)
        {
            var png = PngImage.Render(prompt, seed + i, width, height);
            JsonNode image = format == "b64_json"
                ? new JsonObject { ["b64_json"] = Convert.ToBase64String(png), ["revised_prompt"] = prompt }
                : new JsonObject { ["url"] = Store(png, root), ["revised_prompt"] = prompt };
            data.Add(image);
        }

        return EmulatorJson.Result(new JsonObject { ["data"] = data, ["model"] = body["model"]?.DeepClone(), ["provider"] = "Emulator", ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() });
    }

    private IResult? OpenAIAuthentication(HttpRequest request) =>
        RequiredApiKey is { } key && request.Headers.Authorization.ToString() != $"Bearer {key}"
            ? Error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
            : null;

    // gpt4free's middleware (only when a G4F key is configured) reads g4f-api-key, else the first word of the Bearer.
    private IResult? Gpt4FreeAuthentication(HttpRequest request)
    {
        if (Gpt4FreeApiKey is not { } key)
        {
            return null;
        }

        var presented = request.Headers.TryGetValue("g4f-api-key", out var header) && header.ToString().Length > 0
            ? header.ToString()
            : BearerWords(request) is [var first, ..] ? first : null;
        if (presented is null)
        {
            return EmulatorJson.Result(Gpt4FreeErrors.Message("G4F API key required"), statusCode: 401);
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key))
            ? null
            : EmulatorJson.Result(Gpt4FreeErrors.Message("Invalid G4F API key"), statusCode: 403);
    }

    // The images route copies a Bearer into config.api_key, which its providers then use as their own credential.
    private void RecordForwardedCredential(HttpRequest request, JsonObject body)
    {
        var words = BearerWords(request);
        if (words.Length == 0 || body["api_key"] is not null)
        {
            return;
        }

        if (Gpt4FreeApiKey is null)
        {
            if (words is not ["secret"])
            {
                _forwardedCredentials.Enqueue(words[^1]);
            }
        }
        else if (words.Length > 1 || !string.Equals(words[0], Gpt4FreeApiKey, StringComparison.Ordinal))
        {
            _forwardedCredentials.Enqueue(words[^1]);
        }
    }

    private static string[] BearerWords(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : [];
    }

    // gpt4free's use_aspect_ratio table (flux-dev.md §2.1); the emulator keeps its own copy, as the upstream does.
    private static readonly Dictionary<string, (int Width, int Height)> Gpt4FreeAspectRatios = new(StringComparer.Ordinal)
    {
        ["1:1"] = (1024, 1024),
        ["16:9"] = (1024, 576),
        ["9:16"] = (576, 1024),
        ["4:3"] = (1024, 768),
        ["3:4"] = (768, 1024),
        ["3:2"] = (1024, 682),
        ["2:3"] = (682, 1024),
        ["21:9"] = (1024, 440),
        ["9:21"] = (440, 1024),
        ["4:5"] = (832, 1040),
        ["5:4"] = (1040, 832),
        ["2:1"] = (1024, 512),
        ["1:2"] = (512, 1024),
    };

    // width/height win; a missing one comes from aspect_ratio, then from size.
    private (int Width, int Height) Gpt4FreeSize(JsonObject body)
    {
        var width = Gpt4FreeRequestValidation.Integer(body["width"]);
        var height = Gpt4FreeRequestValidation.Integer(body["height"]);
        if (body["aspect_ratio"]?.GetValue<string>() is { } ratio && Gpt4FreeAspectRatios.TryGetValue(ratio, out var fromRatio))
        {
            width ??= fromRatio.Width;
            height ??= fromRatio.Height;
        }

        if (width is null && height is null)
        {
            return Size(body["size"]?.GetValue<string>());
        }

        return ((int)Math.Clamp(width ?? DefaultSize, 1, PngImage.MaxDimension), (int)Math.Clamp(height ?? DefaultSize, 1, PngImage.MaxDimension));
    }

    private (int Width, int Height) Size(string? size)
    {
        var parts = size?.Split('x', 'X');
        return parts is [var w, var h] && int.TryParse(w, out var width) && int.TryParse(h, out var height) && width > 0 && height > 0
            ? (Math.Min(width, PngImage.MaxDimension), Math.Min(height, PngImage.MaxDimension))
            : (DefaultSize, DefaultSize);
    }

    private string Store(byte[] png, string root)
    {
        var name = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.png";
        _media.Add(name, png);

        return ImageUrlOverride ?? $"{root}/media/{name}";
    }
}
