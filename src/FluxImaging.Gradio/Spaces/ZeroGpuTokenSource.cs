using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FluxImaging.Gradio.Json;
using FluxImaging.Providers;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Gradio.Spaces;

/// <summary>
/// The <c>x-zerogpu-token</c> / <c>x-zerogpu-uuid</c> headers for a queue join. Precedence: a configured ZeroGPU token,
/// then a JWT fetched from the Hugging Face API with the user's Hugging Face token (cached until a minute before it
/// expires), then the anonymous value, then none. A credential that arrived from elsewhere (an inbound request) is never
/// used: only configuration counts.
/// </summary>
internal sealed partial class ZeroGpuTokenSource(UpstreamHttp http, GradioSpaceOptions options, ILogger logger) : IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (string Token, DateTimeOffset RefreshAt)? _cached;

    // The token is minted for a Space by its id; without one there is nothing to ask the Hugging Face API for.
    private string Space => options.Space ?? throw new FluxImagingException(
        FluxImagingErrorKind.InvalidRequest,
        $"The provider {http.Name} needs its Space setting (owner/name) to fetch a ZeroGPU token with HuggingFaceToken.",
        http.Name);

    public void Dispose() => _refresh.Dispose();

    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public async ValueTask<IReadOnlyDictionary<string, string>> HeadersAsync(CancellationToken cancellationToken)
    {
        var token = options.ZeroGpuToken;
        if (string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(options.HuggingFaceToken))
        {
            token = await JwtAsync(options.HuggingFaceToken, cancellationToken).ConfigureAwait(false);
        }

        if (string.IsNullOrEmpty(token))
        {
            if (!options.SendAnonymousZeroGpuHeaders)
            {
                return None;
            }

            token = GradioSpaceOptions.AnonymousZeroGpuValue;
        }

        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-zerogpu-token"] = token, ["x-zerogpu-uuid"] = options.ZeroGpuUuid };
    }

    private async ValueTask<string> JwtAsync(string huggingFaceToken, CancellationToken cancellationToken)
    {
        if (_cached is { } fresh && http.TimeProvider.GetUtcNow() < fresh.RefreshAt)
        {
            return fresh.Token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } again && http.TimeProvider.GetUtcNow() < again.RefreshAt)
            {
                return again.Token;
            }

            var (token, expires) = await FetchAsync(huggingFaceToken, cancellationToken).ConfigureAwait(false);
            _cached = (token, expires - RefreshMargin);
            LogFetched(logger, http.Name, Space, expires);
            return token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<(string Token, DateTimeOffset Expires)> FetchAsync(string huggingFaceToken, CancellationToken cancellationToken)
    {
        var expiration = http.TimeProvider.GetUtcNow().ToUniversalTime() + options.ZeroGpuTokenLifetime;
        var stamp = expiration.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+00:00";
        var uri = new Uri(
            $"{options.HuggingFaceEndpoint.AbsoluteUri.TrimEnd('/')}/api/spaces/{Space}/jwt?expiration={Uri.EscapeDataString(stamp)}&include_pro_status=true");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", huggingFaceToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var operation = $"GET /api/spaces/{Space}/jwt";
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new FluxImagingException(
                FluxImagingErrorKind.Unauthorized,
                $"Hugging Face rejected the configured token (HTTP {(int)response.StatusCode}) while fetching a ZeroGPU token for {Space}.",
                http.Name,
                (int)response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await http.FailureAsync(response, operation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var answer = await http.ReadJsonAsync(response, GradioJsonContext.Default.JwtAnswer, operation, cancellationToken).ConfigureAwait(false);
        return answer.Token is { Length: > 0 } jwt
            ? (jwt, ExpiryOf(jwt) ?? expiration)
            : throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, $"{operation} answered without a token.", http.Name, (int)response.StatusCode);
    }

    /// <summary>The <c>exp</c> claim of a JWT, when it has one; the token is not verified (the Space does that).</summary>
    private static DateTimeOffset? ExpiryOf(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
            return document.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    [LoggerMessage(201, LogLevel.Debug, "{Provider}: fetched a ZeroGPU token for {Space}, valid until {Expires:u}.")]
    private static partial void LogFetched(ILogger logger, string provider, string space, DateTimeOffset expires);
}
