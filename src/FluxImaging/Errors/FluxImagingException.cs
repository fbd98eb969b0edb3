using System.Net;

namespace FluxImaging;

/// <summary>
/// The one exception FluxImaging throws for a failed generation: which provider, the HTTP status if any, a
/// machine-readable <see cref="Kind"/>, <see cref="RetryAfter"/> when the upstream said, and a message a person can act on.
/// </summary>
/// <remarks>
/// Messages never contain credentials, and upstream HTML is reduced to its text. When every provider of a model failed,
/// <see cref="ProviderErrors"/> carries each provider's own error, in the order they were tried.
/// </remarks>
public sealed class FluxImagingException : Exception
{
    /// <summary>Creates an exception for a failure of one provider.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">A message a person can act on (no secrets, no HTML).</param>
    /// <param name="provider">The provider that failed, if known.</param>
    /// <param name="status">The upstream HTTP status, if the failure came with one.</param>
    /// <param name="retryAfter">How long the upstream asked us to wait, if it said.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public FluxImagingException(
        FluxImagingErrorKind kind,
        string message,
        string? provider = null,
        int? status = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Provider = provider;
        Status = status;
        RetryAfter = retryAfter;
        ProviderErrors = [];
    }

    private FluxImagingException(string message, IReadOnlyList<FluxImagingException> errors, FluxImagingException last)
        : base(message, last)
    {
        Kind = last.Kind;
        Provider = last.Provider;
        Status = last.Status;
        RetryAfter = last.RetryAfter;
        ProviderErrors = errors;
    }

    /// <summary>What went wrong.</summary>
    public FluxImagingErrorKind Kind { get; }

    /// <summary>The name of the provider that failed (the last one tried, for an aggregated error); null when no provider was involved.</summary>
    public string? Provider { get; }

    /// <summary>The upstream HTTP status code, when the failure came with one.</summary>
    public int? Status { get; }

    /// <summary>How long the upstream asked the caller to wait before trying again, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>When several providers were tried for one request, each provider's error in the order tried; otherwise empty.</summary>
    public IReadOnlyList<FluxImagingException> ProviderErrors { get; }

    /// <summary>Combines the errors of every provider tried for one request into one exception.</summary>
    /// <param name="model">The model or alias that was requested.</param>
    /// <param name="errors">Each provider's error, in the order tried; at least one.</param>
    /// <returns>An exception whose kind, status and retry hint are those of the last error, and whose message names every provider.</returns>
    public static FluxImagingException Aggregate(string model, IReadOnlyList<FluxImagingException> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count);
        if (errors.Count == 1)
        {
            return errors[0];
        }

        var lines = string.Join("; ", errors.Select(e => $"{e.Provider ?? "?"}: {e.Message}"));
        return new FluxImagingException($"Every provider of '{model}' failed. {lines}", errors, errors[^1]);
    }

    /// <summary>The error kind that an upstream HTTP status code usually means.</summary>
    /// <param name="status">An HTTP status code of 400 or above.</param>
    /// <returns>The matching kind; <see cref="FluxImagingErrorKind.UpstreamError"/> when none fits better.</returns>
    public static FluxImagingErrorKind KindFromStatus(HttpStatusCode status) => (int)status switch
    {
        400 or 413 or 415 or 422 => FluxImagingErrorKind.InvalidRequest,
        401 or 403 => FluxImagingErrorKind.Unauthorized,
        404 or 410 => FluxImagingErrorKind.NotFound,
        402 or 429 => FluxImagingErrorKind.RateLimited,
        408 or 504 => FluxImagingErrorKind.Timeout,
        503 => FluxImagingErrorKind.UpstreamUnavailable,
        _ => FluxImagingErrorKind.UpstreamError,
    };
}
