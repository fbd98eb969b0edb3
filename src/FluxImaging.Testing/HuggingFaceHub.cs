using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing;

/// <summary>
/// The parts of the Hugging Face API FluxImaging uses: <c>GET /api/spaces/{owner}/{name}/jwt</c> (a ZeroGPU token for
/// a caller with <c>Authorization: Bearer hf_…</c>, else 401) and <c>GET /api/spaces/{owner}/{name}/host</c>.
/// </summary>
public sealed class HuggingFaceHub : IAsyncDisposable
{
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

    /// <summary>Starts the API on a free loopback port.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running API.</returns>
    public static async Task<HuggingFaceHub> StartAsync(CancellationToken cancellationToken = default)
    {
        HuggingFaceHub? hub = null;
        var host = await EmulatorHost.StartAsync(
            routes =>
            {
                routes.MapGet("/api/spaces/{owner}/{name}/jwt", (HttpContext context, string owner, string name) => hub!.JwtAsync(context, owner, name));
                routes.MapGet("/api/spaces/{owner}/{name}/host", (HttpContext context, string owner, string name) =>
                {
                    var subdomain = $"{owner}-{name}".ToLowerInvariant().Replace('.', '-').Replace('_', '-');
                    return Results.Json(new JsonObject { ["subdomain"] = subdomain, ["host"] = $"https://{subdomain}.hf.space" });
                });
            },
            cancellationToken).ConfigureAwait(false);
        hub = new HuggingFaceHub(host);
        return hub;
    }

    /// <summary>Stops the API.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private async Task JwtAsync(HttpContext context, string owner, string name)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var hasCookie = context.Request.Headers.Cookie.Count > 0;
        if (!authorization.StartsWith("Bearer hf_", StringComparison.Ordinal) && !hasCookie)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "Unauthorized" }, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var expires = DateTimeOffset.TryParse(context.Request.Query["expiration"].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var requested)
            ? requested
            : now.AddMinutes(10);
        Interlocked.Increment(ref _tokensIssued);
        var header = Encode("""{"alg":"EdDSA","typ":"JWT"}""");
        var payload = Encode($$"""{"sub":"/spaces/{{owner}}/{{name}}","iat":{{now.ToUnixTimeSeconds()}},"exp":{{expires.ToUnixTimeSeconds()}},"pro":false}""");
        var signature = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(64));
        await context.Response.WriteAsJsonAsync(new JsonObject { ["token"] = $"{header}.{payload}.{signature}" }, context.RequestAborted).ConfigureAwait(false);
    }

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
