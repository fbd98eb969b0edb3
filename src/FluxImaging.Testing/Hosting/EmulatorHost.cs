using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Testing;

/// <summary>
/// A Kestrel server on <c>127.0.0.1</c> with a free port: it serves an emulator's routes, records every request
/// (method, path, headers, body) and injects the faults of <see cref="Faults"/>. Dispose it to stop it.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Lock _waitersGate = new();
    private readonly List<(Func<RecordedRequest, bool> Match, TaskCompletionSource<RecordedRequest> Done)> _waiters = [];

    private EmulatorHost(WebApplication app, FaultPlan faults)
    {
        _app = app;
        Faults = faults;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Whether requests are recorded (default true). Load and soak runs turn it off so memory stays flat.</summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>The faults to inject into matching requests.</summary>
    public FaultPlan Faults { get; }

    /// <summary>Every request received so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Starts a host that serves the routes <paramref name="mapRoutes"/> maps.</summary>
    /// <param name="mapRoutes">Maps the emulator's endpoints.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running host.</returns>
    public static async Task<EmulatorHost> StartAsync(Action<IEndpointRouteBuilder> mapRoutes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mapRoutes);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Emulator",
        });

        // An emulator must not pick up the settings of whatever app or folder hosts it.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });

        // Thousands of clients may connect at once in load tests.
        builder.WebHost.UseSockets(sockets => sockets.Backlog = 4096);
        builder.Services.AddRoutingCore();

        var faults = new FaultPlan();
        var app = builder.Build();
        var host = new EmulatorHost(app, faults);
        app.Use(host.RecordAndInjectAsync);
        app.UseRouting();
        mapRoutes(app);
        app.MapFallback(static context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"detail":"Not Found"}""", context.RequestAborted);
        });

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/'));
        return host;
    }

    /// <summary>Waits until a request that matches arrives (or has arrived).</summary>
    /// <param name="match">Which request to wait for.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>The first matching request.</returns>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_waitersGate)
        {
            if (_requests.FirstOrDefault(match) is { } existing)
            {
                return Task.FromResult(existing);
            }

            var done = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The requests that carried a header, oldest first: what a test asserts when a credential (<c>X-HF-Authorization</c>,
    /// <c>x-zerogpu-token</c>, <c>Authorization</c>) must reach this host on some requests and not on others.
    /// </summary>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <returns>The matching requests.</returns>
    public IReadOnlyList<RecordedRequest> RequestsWithHeader(string name) => [.. _requests.Where(r => r.Headers.ContainsKey(name))];

    /// <summary>Forgets the requests recorded so far.</summary>
    public void ClearRequests() => _requests.Clear();

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Open streams are cut when the grace period ends; that is fine for an emulator.
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RecordAndInjectAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!RecordRequests)
        {
            foreach (var fault in Faults.Take(request.Method, request.Path.Value ?? "/"))
            {
                if (fault is Fault.AbortFault)
                {
                    context.Abort();
                    return;
                }
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        var bytes = body.ToArray();
        request.Body = new MemoryStream(bytes, writable: false);

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Record(new RecordedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, headers, bytes, DateTimeOffset.UtcNow));

        foreach (var fault in Faults.Take(request.Method, request.Path.Value ?? "/"))
        {
            switch (fault)
            {
                case Fault.DelayFault delay:
                    try
                    {
                        await Task.Delay(delay.Duration, context.RequestAborted).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    break;
                case Fault.AbortFault:
                    context.Abort();
                    return;
                case Fault.ChunkFault chunk:
                    context.Response.Body = new ChunkingStream(context.Response.Body, chunk.ChunkSize);
                    break;
                case Fault.StatusFault status:
                    context.Response.StatusCode = status.StatusCode;
                    foreach (var (name, value) in status.Headers)
                    {
                        context.Response.Headers[name] = value;
                    }

                    if (status.Body is not null)
                    {
                        context.Response.ContentType = status.ContentType;
                        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(status.Body), context.RequestAborted).ConfigureAwait(false);
                    }

                    return;
                case Fault.RedirectFault redirect:
                    context.Response.StatusCode = redirect.StatusCode;
                    context.Response.Headers.Location = redirect.KeepPath
                        ? redirect.Target.AbsoluteUri.TrimEnd('/') + request.Path + request.QueryString
                        : redirect.Target.AbsoluteUri;
                    return;
                case Fault.BodyFault or Fault.DripFault or Fault.LyingLengthFault:
                    await HostileBody.WriteAsync(context, fault).ConfigureAwait(false);
                    return;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    private void Record(RecordedRequest recorded)
    {
        lock (_waitersGate)
        {
            _requests.Enqueue(recorded);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(recorded))
                {
                    _waiters[i].Done.TrySetResult(recorded);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Writes through in small flushed pieces, to exercise clients' handling of frames split across reads.</summary>
    private sealed class ChunkingStream(Stream inner, int chunkSize) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            for (var offset = 0; offset < buffer.Length; offset += chunkSize)
            {
                await inner.WriteAsync(buffer.Slice(offset, Math.Min(chunkSize, buffer.Length - offset)), cancellationToken).ConfigureAwait(false);
                await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Emulators write asynchronously.");

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
