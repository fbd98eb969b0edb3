using System.Net;
using FluxImaging.Diagnostics;
using FluxImaging.Providers;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FluxImaging.Http;

/// <summary>
/// Builds a provider's resilience pipeline: a total budget around jittered exponential retries of transient failures
/// (408, 429, 500, 502, 503, 504, connection errors, attempt timeouts) around a per-attempt timeout to response headers.
/// </summary>
internal sealed class ProviderPipeline
{
    public static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("FluxImaging.Request");

    private static readonly ResiliencePropertyKey<long> StartedKey = new("FluxImaging.Started");

    private ProviderPipeline(string provider, ResiliencePipeline<HttpResponseMessage> pipeline, TimeProvider timeProvider)
    {
        Provider = provider;
        Pipeline = pipeline;
        TimeProvider = timeProvider;
    }

    public string Provider { get; }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>Prepares a context for one request: which request it is and when its budget started.</summary>
    public void Begin(ResilienceContext context, HttpRequestMessage request)
    {
        context.Properties.Set(RequestKey, request);
        context.Properties.Set(StartedKey, TimeProvider.GetTimestamp());
    }

    public static ProviderPipeline Create(
        string provider,
        RetryOptions retry,
        TimeoutOptions timeouts,
        TimeProvider timeProvider,
        ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider, Name = provider };

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Timeout = retry.Budget,
            OnTimeout = args =>
            {
                Log.RequestBudgetExhausted(logger, provider, args.Timeout);
                return default;
            },
        });

        if (retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, retry.Budget, timeProvider)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter.From(response, timeProvider) : null),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    var reason = args.Outcome.Result is { } response ? $"HTTP {(int)response.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "failure";
                    Log.RetryingRequest(logger, provider, Operations.Of(request), args.AttemptNumber + 1, args.RetryDelay, reason);

                    // The failed response is not handed to anyone: release its connection now.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        builder.AddTimeout(timeouts.Attempt);
        return new ProviderPipeline(provider, builder.Build(), timeProvider);
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan budget, TimeProvider timeProvider)
    {
        if (context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var request = context.Properties.GetValue(RequestKey, null!);
        if (request is not null && (!IsReplayable(request) || (request.Options.TryGetValue(UpstreamHttp.DoNotRetry, out var doNotRetry) && doNotRetry)))
        {
            return false;
        }

        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        var response = outcome.Result!;
        if (!IsTransient(response.StatusCode))
        {
            return false;
        }

        // A Retry-After we cannot honour within the budget is not waited for: the caller gets the answer and its hint.
        var wait = RetryAfter.From(response, timeProvider) ?? TimeSpan.Zero;
        return wait <= Remaining(context, budget, timeProvider);
    }

    private static TimeSpan Remaining(ResilienceContext context, TimeSpan budget, TimeProvider timeProvider)
    {
        var started = context.Properties.GetValue(StartedKey, timeProvider.GetTimestamp());
        return budget - timeProvider.GetElapsedTime(started);
    }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    // Content that serializes the same bytes again can be resent; a stream that was consumed by the first attempt cannot.
    private static bool IsReplayable(HttpRequestMessage request) =>
        request.Content is null or ByteArrayContent or ReadOnlyMemoryContent or System.Net.Http.Json.JsonContent;
}
