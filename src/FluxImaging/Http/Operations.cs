using FluxImaging.Providers;

namespace FluxImaging.Http;

/// <summary>
/// How a request is named in errors and logs: the provider's own name for it (<see cref="UpstreamHttp.Operation"/>),
/// else its method and path, shortened — a path can carry a prompt, which must not reach a Warning log line in full.
/// </summary>
internal static class Operations
{
    public static string Of(HttpRequestMessage? request)
    {
        if (request is null)
        {
            return "the request";
        }

        if (request.Options.TryGetValue(UpstreamHttp.Operation, out var named) && !string.IsNullOrWhiteSpace(named))
        {
            return named;
        }

        return $"{request.Method} {UpstreamText.Echo(request.RequestUri?.AbsolutePath, 80)}";
    }
}
