using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing.OpenAI;

/// <summary>
/// An OpenAI-compatible images endpoint shaped like a gpt4free server on port 1337:
/// <c>POST /v1/images/generations</c> answers <c>{"data":[{"url"|"b64_json", "revised_prompt"}], "created", …}</c>
/// with real PNGs served from <c>/media/…</c>; <c>GET /v1/models</c> lists its models. Its historical quirks are knobs.
/// </summary>
public sealed class OpenAIImagesEmulator : IAsyncDisposable
{
    private readonly BoundedStore<byte[]> _media = new();
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

    /// <summary>The bearer key required, or null for none.</summary>
    public string? RequiredApiKey { get; set; }

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
                routes.MapGet("/v1/models", () => Results.Json(new JsonObject { ["object"] = "list", ["data"] = new JsonArray(new JsonObject { ["id"] = "flux", ["object"] = "model", ["created"] = 0, ["owned_by"] = "emulator" }) }));
                routes.MapGet("/media/{name}", (string name) => emulator._media.TryGetValue(name, out var png)
                    ? Results.Bytes(png, PngImage.MediaType)
                    : Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = "File not found" } }, statusCode: 404));
            },
            cancellationToken).ConfigureAwait(false);
        return emulator;
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private static IResult Error(int status, string message, string type, string? code, string? param = null) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code } }, statusCode: status);

    private async Task<IResult> GenerateAsync(HttpContext context)
    {
        if (RequiredApiKey is { } key && context.Request.Headers.Authorization.ToString() != $"Bearer {key}")
        {
            return Error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
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

        if (body?["prompt"] is not JsonValue promptValue || !promptValue.TryGetValue<string>(out var prompt) || prompt.Length == 0)
        {
            return Error(400, "prompt is required.", "invalid_request_error", null, "prompt");
        }

        if (IntegerGuidanceOnly && body["guidance_scale"] is JsonValue guidance && guidance.TryGetValue<double>(out var g) && g % 1 != 0)
        {
            return Results.Json(new JsonObject { ["detail"] = new JsonArray(new JsonObject { ["loc"] = new JsonArray("body", "guidance_scale"), ["message"] = "Input should be a valid integer, got a number with a fractional part", ["type"] = "int_from_float" }) }, statusCode: 422);
        }

        var n = IgnoreN ? 1 : body["n"] is JsonValue nValue && nValue.TryGetValue<int>(out var requested) ? Math.Clamp(requested, 1, 10) : 1;
        var (width, height) = Size(body["size"]?.GetValue<string>());
        var seed = body["seed"] is JsonValue seedValue && seedValue.TryGetValue<long>(out var s) ? s : Random.Shared.NextInt64(0, int.MaxValue);
        var format = body["response_format"]?.GetValue<string>();
        var root = $"{context.Request.Scheme}://{context.Request.Host}";

        var data = new JsonArray();
        for (var i = 0; i < LeakedPreviews; i++)
        {
            data.Add(new JsonObject { ["url"] = Store(PngImage.Render(prompt, seed + 1000 + i, 16, 16), root), ["revised_prompt"] = prompt });
        }

        for (var i = 0; i < n; i++)
        {
            var png = PngImage.Render(prompt, seed + i, width, height);
            data.Add(format == "b64_json"
                ? new JsonObject { ["b64_json"] = Convert.ToBase64String(png), ["revised_prompt"] = prompt }
                : new JsonObject { ["url"] = Store(png, root), ["revised_prompt"] = prompt });
        }

        return Results.Json(new JsonObject { ["data"] = data, ["model"] = body["model"]?.DeepClone(), ["provider"] = "Emulator", ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() });
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
