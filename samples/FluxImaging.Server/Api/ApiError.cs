using System.Globalization;
using FluxImaging.Server.Media;
using FluxImaging.Server.Safety;

namespace FluxImaging.Server.Api;

/// <summary>An error in OpenAI's shape, <c>{"error": {"message", "type", "param", "code"}}</c>, with an honest status.</summary>
internal sealed record ApiError(int Status, string Message, string Type, string? Code, string? Param = null, TimeSpan? RetryAfter = null, bool ShouldRetry = true)
{
    public static ApiError Invalid(string message, string? param = null, string? code = null) => new(400, message, "invalid_request_error", code, param);

    /// <summary>The status, type and code a FluxImaging failure stands for; <paramref name="message"/> is the failure's message made safe to repeat.</summary>
    public static ApiError From(FluxImagingException error, string message) => error.Kind switch
    {
        FluxImagingErrorKind.InvalidRequest => new(400, message, "invalid_request_error", null),
        FluxImagingErrorKind.NotFound when error.Provider is null => new(404, message, "invalid_request_error", error.Message.Contains("provider", StringComparison.OrdinalIgnoreCase) && !error.Message.Contains("model", StringComparison.OrdinalIgnoreCase) ? "provider_not_found" : "model_not_found"),
        FluxImagingErrorKind.NotFound when error.Message.StartsWith("The provider", StringComparison.Ordinal) => new(404, message, "invalid_request_error", "model_not_found"),
        FluxImagingErrorKind.QuotaExceeded => new(429, message, "insufficient_quota", "insufficient_quota", RetryAfter: error.RetryAfter, ShouldRetry: false),
        FluxImagingErrorKind.RateLimited => new(429, message, "requests", "rate_limit_exceeded", RetryAfter: error.RetryAfter is { } wait && wait >= TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1)),
        FluxImagingErrorKind.UpstreamUnavailable => new(503, message, "server_error", "upstream_busy", RetryAfter: error.RetryAfter ?? TimeSpan.FromSeconds(5)),
        FluxImagingErrorKind.Unauthorized => new(502, message, "server_error", "upstream_unauthorized"),
        FluxImagingErrorKind.Timeout => new(504, message, "server_error", "timeout"),
        _ => new(502, message, "server_error", "upstream_error"),
    };

    /// <summary>A download this server would not make: 502 <c>download_refused</c>, naming no address.</summary>
    public static ApiError From(DownloadRefusedException error) => new(502, error.Message, "server_error", "download_refused");

    /// <summary>Kestrel's own verdict on a request body (too large, too slow, malformed), with Kestrel's status.</summary>
    public static ApiError From(BadHttpRequestException error, long maxBodyBytes) => error.StatusCode switch
    {
        413 => TooLarge(maxBodyBytes),
        408 => new(408, "The request body arrived too slowly.", "invalid_request_error", "request_timeout"),
        _ => new(error.StatusCode, "The request is malformed.", "invalid_request_error", "invalid_request"),
    };

    public static ApiError TooLarge(long maxBodyBytes) =>
        new(413, string.Create(CultureInfo.InvariantCulture, $"The request body is larger than {maxBodyBytes:N0} bytes."), "invalid_request_error", "request_too_large");

    public static ApiError Unexpected() => new(500, "The server failed unexpectedly.", "server_error", null);

    public void ApplyHeaders(HttpResponse response)
    {
        if (RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (Status == 429 && !ShouldRetry)
        {
            response.Headers["x-should-retry"] = "false";
        }
    }

    /// <summary>The body; <paramref name="model"/> and <paramref name="provider"/> must already be safe to repeat (<see cref="EchoLimits"/>).</summary>
    public ErrorBody Body(string? model = null, string? provider = null) => new(new ErrorDetail(Message, Type, Param, Code), model, provider);

    public IResult ToResult(HttpContext context, string? model = null, string? provider = null)
    {
        ApplyHeaders(context.Response);
        return TypedResults.Json(Body(model, provider), ServerJsonContext.Default.ErrorBody, statusCode: Status);
    }

    /// <summary>Writes the error as the whole response (for middleware: the rate limiter, status pages, the exception handler).</summary>
    public Task WriteAsync(HttpContext context) => ToResult(context).ExecuteAsync(context);
}
