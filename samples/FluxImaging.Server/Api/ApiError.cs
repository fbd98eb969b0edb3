using System.Globalization;

namespace FluxImaging.Server.Api;

/// <summary>An error in OpenAI's shape, <c>{"error": {"message", "type", "param", "code"}}</c>, with an honest status.</summary>
internal sealed record ApiError(int Status, string Message, string Type, string? Code, string? Param = null, TimeSpan? RetryAfter = null, bool ShouldRetry = true)
{
    public static ApiError Invalid(string message, string? param = null, string? code = null) => new(400, message, "invalid_request_error", code, param);

    /// <summary>The status, type and code a FluxImaging failure stands for.</summary>
    public static ApiError From(FluxImagingException error) => error.Kind switch
    {
        FluxImagingErrorKind.InvalidRequest => new(400, error.Message, "invalid_request_error", null),
        FluxImagingErrorKind.NotFound when error.Provider is null => new(404, error.Message, "invalid_request_error", error.Message.Contains("provider", StringComparison.OrdinalIgnoreCase) && !error.Message.Contains("model", StringComparison.OrdinalIgnoreCase) ? "provider_not_found" : "model_not_found"),
        FluxImagingErrorKind.NotFound when error.Message.StartsWith("The provider", StringComparison.Ordinal) => new(404, error.Message, "invalid_request_error", "model_not_found"),
        FluxImagingErrorKind.QuotaExceeded => new(429, error.Message, "insufficient_quota", "insufficient_quota", RetryAfter: error.RetryAfter, ShouldRetry: false),
        FluxImagingErrorKind.RateLimited => new(429, error.Message, "requests", "rate_limit_exceeded", RetryAfter: error.RetryAfter is { } wait && wait >= TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1)),
        FluxImagingErrorKind.UpstreamUnavailable => new(503, error.Message, "server_error", "upstream_busy", RetryAfter: error.RetryAfter ?? TimeSpan.FromSeconds(5)),
        FluxImagingErrorKind.Unauthorized => new(502, error.Message, "server_error", "upstream_unauthorized"),
        FluxImagingErrorKind.Timeout => new(504, error.Message, "server_error", "timeout"),
        _ => new(502, error.Message, "server_error", "upstream_error"),
    };

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

    public ErrorBody Body(string? model = null, string? provider = null) => new(new ErrorDetail(Message, Type, Param, Code), model, provider);

    public IResult ToResult(HttpContext context, string? model = null, string? provider = null)
    {
        ApplyHeaders(context.Response);
        return TypedResults.Json(Body(model, provider), ServerJsonContext.Default.ErrorBody, statusCode: Status);
    }
}
