using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Gradio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing;

/// <summary>
/// The parts of the Hugging Face API that Gradio clients use (<c>gradio.md</c> §2, §12; <c>zerogpu.md</c> §6):
/// <list type="bullet">
/// <item><c>GET /api/spaces/{owner}/{name}</c> and <c>GET /api/spaces/by-subdomain/{sub}</c>: Space info with
/// <c>host</c>, <c>subdomain</c> and <c>runtime.stage</c>;</item>
/// <item><c>GET /api/spaces/{owner}/{name}/runtime</c>: the runtime object alone;</item>
/// <item><c>GET /api/spaces/{owner}/{name}/host</c>: <c>{"subdomain", "host"}</c> (the emulator's base URL for a Space
/// added with <see cref="AddSpace(GradioSpaceEmulator)"/>, else <c>https://{subdomain}.hf.space</c>);</item>
/// <item><c>GET /api/spaces/{owner}/{name}/jwt</c>: a ZeroGPU token for a caller with <c>Authorization: Bearer hf_…</c>
/// or a cookie, else 401.</item>
/// </list>
/// Info and runtime of a Space nobody added answer 404 <c>{"error": "Repository not found"}</c>.
/// </summary>
public sealed class HuggingFaceHub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, HubSpace> _spaces = new(StringComparer.OrdinalIgnoreCase);
    private int _tokensIssued;

    private HuggingFaceHub(EmulatorHost host)
    {
        Host = host;
    }

    /// <summary>The underlying host: recorded requests and HTTP-level faults.</summary>
    public EmulatorHost Host { get; }

    /// <summary>The API's base URL (stands in for <c>https://huggingface.co</c>).</summary>
    public Uri BaseAddress => Host.BaseAddress;

    /// <summary>Every request received so far.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Host.Requests;

    /// <summary>How many ZeroGPU tokens were issued.</summary>
    public int TokensIssued => _tokensIssued;

    /// <summary>Hugging Face tokens whose owners are PRO users (<c>"pro": true</c> in their JWTs).</summary>
    public ICollection<string> ProTokens { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Every Space added so far.</summary>
    public IReadOnlyCollection<HubSpace> Spaces => [.. _spaces.Values];

    /// <summary>Starts the API on a free loopback port.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running API.</returns>
    public static async Task<HuggingFaceHub> StartAsync(CancellationToken cancellationToken = default)
    {
        HuggingFaceHub? hub = null;
        var host = await EmulatorHost.StartAsync(
            routes =>
            {
                routes.MapGet("/api/spaces/by-subdomain/{subdomain}", (HttpContext context, string subdomain) => hub!.InfoBySubdomain(context, subdomain));
                routes.MapGet("/api/spaces/{owner}/{name}", (HttpContext context, string owner, string name) => hub!.Info(context, $"{owner}/{name}"));
                routes.MapGet("/api/spaces/{owner}/{name}/runtime", (HttpContext context, string owner, string name) => hub!.Runtime(context, $"{owner}/{name}"));
                routes.MapGet("/api/spaces/{owner}/{name}/host", (HttpContext context, string owner, string name) => hub!.HostOf(context, $"{owner}/{name}"));
                routes.MapGet("/api/spaces/{owner}/{name}/jwt", (HttpContext context, string owner, string name) => hub!.JwtAsync(context, owner, name));
            },
            cancellationToken).ConfigureAwait(false);
        hub = new HuggingFaceHub(host);
        return hub;
    }

    /// <summary>Makes an emulated Space known under its <see cref="GradioSpaceEmulator.SpaceId"/>, resolving to its base URL.</summary>
    /// <param name="space">A started Space emulator with a <see cref="GradioSpaceEmulator.SpaceId"/>.</param>
    /// <returns>The Space's entry, whose stage can be set.</returns>
    public HubSpace AddSpace(GradioSpaceEmulator space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return AddSpace(space.SpaceId ?? throw new ArgumentException("The Space has no SpaceId.", nameof(space)), space.BaseAddress);
    }

    /// <summary>Makes a Space known: <paramref name="spaceId"/> resolves to <paramref name="host"/>.</summary>
    /// <param name="spaceId">The id, <c>owner/name</c>.</param>
    /// <param name="host">The base URL of its app.</param>
    /// <returns>The Space's entry, whose stage can be set.</returns>
    public HubSpace AddSpace(string spaceId, Uri host)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spaceId);
        ArgumentNullException.ThrowIfNull(host);
        if (spaceId.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            throw new ArgumentException("A Space id is owner/name.", nameof(spaceId));
        }

        var space = new HubSpace(spaceId, host);
        _spaces[spaceId] = space;
        return space;
    }

    /// <summary>The entry of a Space added before, by id (case-insensitive), or null.</summary>
    /// <param name="spaceId">The id, <c>owner/name</c>.</param>
    /// <returns>The entry, or null.</returns>
    public HubSpace? Space(string spaceId) => _spaces.TryGetValue(spaceId, out var space) ? space : null;

    /// <summary>Stops the API.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private static bool HasToken(HttpContext context) => context.Request.Headers.Authorization.ToString().StartsWith("Bearer hf_", StringComparison.Ordinal);

    private static IResult NotFound() => EmulatorJson.Result(new JsonObject { ["error"] = "Repository not found" }, statusCode: 404);

    private static IResult Unauthorized() => EmulatorJson.Result(new JsonObject { ["error"] = "Invalid credentials in Authorization header" }, statusCode: 401);

    private static IResult? Refusal(HttpContext context, HubSpace? space) => space is null ? NotFound() : space.Private && !HasToken(context) ? Unauthorized() : null;

    private IResult Info(HttpContext context, string id)
    {
        var space = Space(id);
        return Refusal(context, space) ?? EmulatorJson.Result(InfoOf(space!));
    }

    private IResult InfoBySubdomain(HttpContext context, string subdomain)
    {
        var space = _spaces.Values.FirstOrDefault(s => string.Equals(s.Subdomain, subdomain, StringComparison.OrdinalIgnoreCase));
        return Refusal(context, space) ?? EmulatorJson.Result(InfoOf(space!));
    }

    private IResult Runtime(HttpContext context, string id)
    {
        var space = Space(id);
        return Refusal(context, space) ?? EmulatorJson.Result(RuntimeOf(space!, space!.Poll()));
    }

    private IResult HostOf(HttpContext context, string id)
    {
        if (Space(id) is not { } space)
        {
            var subdomain = HubSpace.SubdomainOf(id);
            return EmulatorJson.Result(new JsonObject { ["subdomain"] = subdomain, ["host"] = $"https://{subdomain}.hf.space" });
        }

        return Refusal(context, space) ?? EmulatorJson.Result(new JsonObject { ["subdomain"] = space.Subdomain, ["host"] = space.Host.AbsoluteUri.TrimEnd('/') });
    }

    private static JsonObject InfoOf(HubSpace space)
    {
        var owner = space.Id.Split('/')[0];
        return new JsonObject
        {
            ["_id"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(space.Id))[..12]),
            ["id"] = space.Id,
            ["author"] = owner,
            ["sha"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("sha:" + space.Id))[..20]),
            ["lastModified"] = "2025-07-11T00:00:00.000Z",
            ["private"] = space.Private,
            ["gated"] = false,
            ["disabled"] = false,
            ["host"] = space.Host.AbsoluteUri.TrimEnd('/'),
            ["subdomain"] = space.Subdomain,
            ["likes"] = 0,
            ["sdk"] = "gradio",
            ["tags"] = new JsonArray("gradio", "region:us"),
            ["runtime"] = RuntimeOf(space, space.Poll()),
            ["createdAt"] = "2024-08-01T00:00:00.000Z",
        };
    }

    // huggingface_hub's SpaceRuntime: stage, hardware (current is null unless running), storage, gcTimeout, replicas …
    private static JsonObject RuntimeOf(HubSpace space, SpaceStage stage)
    {
        var runtime = new JsonObject
        {
            ["stage"] = stage.WireName(),
            ["hardware"] = new JsonObject { ["current"] = stage.IsRunning() ? space.Hardware : null, ["requested"] = space.Hardware },
            ["storage"] = null,
            ["gcTimeout"] = 172800,
            ["replicas"] = new JsonObject { ["current"] = stage.IsRunning() ? 1 : 0, ["requested"] = 1 },
            ["devMode"] = false,
            ["domains"] = new JsonArray(new JsonObject { ["domain"] = $"{space.Subdomain}.hf.space", ["stage"] = "READY" }),
        };
        if (stage.IsError())
        {
            runtime["errorMessage"] = "Exit code: 1. Reason: the emulated Space failed on purpose.";
        }

        return runtime;
    }

    private async Task JwtAsync(HttpContext context, string owner, string name)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var hasCookie = context.Request.Headers.Cookie.Count > 0;
        if (!authorization.StartsWith("Bearer hf_", StringComparison.Ordinal) && !hasCookie)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await EmulatorJson.WriteAsync(context.Response, new JsonObject { ["error"] = "Unauthorized" }, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var expires = DateTimeOffset.TryParse(context.Request.Query["expiration"].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var requested)
            ? requested
            : now.AddMinutes(10);
        var pro = authorization.Length > "Bearer ".Length && ProTokens.Contains(authorization["Bearer ".Length..].Trim()) ? "true" : "false";
        Interlocked.Increment(ref _tokensIssued);
        var header = Encode("""{"alg":"EdDSA","typ":"JWT"}""");
        var payload = Encode($$"""{"sub":"/spaces/{{owner}}/{{name}}","iat":{{now.ToUnixTimeSeconds()}},"exp":{{expires.ToUnixTimeSeconds()}},"pro":{{pro}}}""");
        var signature = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(64));
        await EmulatorJson.WriteAsync(context.Response, new JsonObject { ["token"] = $"{header}.{payload}.{signature}" }, context.RequestAborted).ConfigureAwait(false);
    }

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
