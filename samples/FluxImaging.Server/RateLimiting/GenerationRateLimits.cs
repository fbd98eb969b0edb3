using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using FluxImaging.Server.Api;
using FluxImaging.Server.Safety;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FluxImaging.Server.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter over the generation routes: at most <see cref="ServerOptions.MaxConcurrentGenerations"/>
/// at once on the server and <see cref="ServerOptions.MaxConcurrentGenerationsPerClient"/> per client, where a client is
/// the holder of the configured API key when it presents it, else its IP address (an IPv6 client by its /64, which one
/// subscriber usually has whole). Past either, the answer is 429 <c>rate_limit_exceeded</c> with <c>Retry-After</c>
/// in OpenAI's shape, before the body is read.
/// </summary>
internal static class GenerationRateLimits
{
    private const string Everyone = "*";

    public static IServiceCollection AddGenerationRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ServerOptions>, ApiKeyCheck>((limiter, server, keys) =>
        {
            var limits = server.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsGeneration(context)
                    ? RateLimitPartition.GetConcurrencyLimiter(Everyone, _ => Concurrency(limits.MaxConcurrentGenerations))
                    : RateLimitPartition.GetNoLimiter(string.Empty)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsGeneration(context)
                    ? RateLimitPartition.GetConcurrencyLimiter(ClientKey(context, keys), _ => Concurrency(limits.MaxConcurrentGenerationsPerClient))
                    : RateLimitPartition.GetNoLimiter(string.Empty)));
            limiter.OnRejected = (rejected, _) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var hinted) && hinted > TimeSpan.Zero ? hinted : limits.RateLimitRetryAfter;
                var seconds = (long)Math.Ceiling(wait.TotalSeconds);
                var error = new ApiError(
                    StatusCodes.Status429TooManyRequests,
                    string.Create(CultureInfo.InvariantCulture, $"Too many image generations are running for this client or on this server; retry in {seconds} s."),
                    "requests",
                    "rate_limit_exceeded",
                    RetryAfter: wait);
                return new ValueTask(error.WriteAsync(rejected.HttpContext));
            };
        });
        return services;
    }

    /// <summary>The partition a request counts against: <c>key</c> for the configured key's holders, else <c>ip:…</c>.</summary>
    public static string ClientKey(HttpContext context, ApiKeyCheck keys)
    {
        if (keys.IsRequired && keys.Matches(ApiKeyCheck.Presented(context.Request)))
        {
            return "key";
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "ip:unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            address = new IPAddress(bytes);
            return $"ip:{address}/64";
        }

        return $"ip:{address}";
    }

    private static bool IsGeneration(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<GenerationEndpoint>() is not null;

    private static ConcurrencyLimiterOptions Concurrency(int permits) => new()
    {
        PermitLimit = permits,
        QueueLimit = 0,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };
}
