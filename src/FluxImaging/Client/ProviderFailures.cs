using System.Text.Json;
using FluxImaging.Providers;
using Polly.Timeout;

namespace FluxImaging.Client;

/// <summary>
/// Turns whatever a provider threw into a <see cref="FluxImagingException"/>, so that every provider — ours or not —
/// fails the same way and the client can fall back. Cancellation by the caller is not a failure and is never translated.
/// </summary>
internal static class ProviderFailures
{
    public static FluxImagingException Translate(Exception exception, string provider, TimeoutOptions timeouts, bool deadlinePassed) => exception switch
    {
        FluxImagingException { Provider: null } error => new FluxImagingException(error.Kind, error.Message, provider, error.Status, error.RetryAfter, error),
        FluxImagingException error => error,
        _ when deadlinePassed => new FluxImagingException(
            FluxImagingErrorKind.Timeout,
            $"The generation took longer than its deadline of {timeouts.Generation}.",
            provider,
            innerException: exception),
        TimeoutRejectedException timeout => new FluxImagingException(
            FluxImagingErrorKind.Timeout,
            $"The upstream did not answer in time: {UpstreamText.Clean(timeout.Message)} (per-attempt timeout {timeouts.Attempt}).",
            provider,
            innerException: exception),
        HttpRequestException http => new FluxImagingException(
            FluxImagingErrorKind.UpstreamUnavailable,
            $"Could not reach the upstream: {UpstreamText.Clean(http.Message)}",
            provider,
            http.StatusCode is { } status ? (int)status : null,
            innerException: exception),
        JsonException or InvalidDataException or FormatException => new FluxImagingException(
            FluxImagingErrorKind.ProtocolViolation,
            $"The upstream sent data that could not be read: {UpstreamText.Clean(exception.Message)}",
            provider,
            innerException: exception),
        IOException io => new FluxImagingException(
            FluxImagingErrorKind.UpstreamError,
            $"The connection to the upstream broke: {UpstreamText.Clean(io.Message)}",
            provider,
            innerException: exception),
        OperationCanceledException => new FluxImagingException(
            FluxImagingErrorKind.Timeout,
            "The upstream request was cancelled by a timeout.",
            provider,
            innerException: exception),
        _ => new FluxImagingException(
            FluxImagingErrorKind.UpstreamError,
            $"The provider failed: {exception.GetType().Name}: {UpstreamText.Clean(exception.Message)}",
            provider,
            innerException: exception),
    };
}
