using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing;

/// <summary>
/// Another origin (its own loopback port) that answers every request alike and records what arrived — the target of
/// <see cref="Fault.Redirect"/> faults, so a test can assert that no credential (<c>Authorization</c>,
/// <c>x-zerogpu-token</c>, <c>X-HF-Authorization</c>, <c>g4f-api-key</c>, cookies) followed a redirect to it.
/// </summary>
public sealed class RecordingHost : IAsyncDisposable
{
    private RecordingHost(EmulatorHost host)
    {
        Host = host;
    }

    /// <summary>The underlying host.</summary>
    public EmulatorHost Host { get; }

    /// <summary>Its base URL, e.g. <c>http://127.0.0.1:41235</c>.</summary>
    public Uri BaseAddress => Host.BaseAddress;

    /// <summary>Every request received so far.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Host.Requests;

    /// <summary>The status of every answer. Default 200.</summary>
    public int Status { get; set; } = 200;

    /// <summary>The body of every answer. Default <c>{}</c>.</summary>
    public string Body { get; set; } = "{}";

    /// <summary>The content type of every answer. Default JSON.</summary>
    public string ContentType { get; set; } = "application/json";

    /// <summary>Starts the host on a free loopback port.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running host.</returns>
    public static async Task<RecordingHost> StartAsync(CancellationToken cancellationToken = default)
    {
        RecordingHost? recording = null;
        var host = await EmulatorHost.StartAsync(
            routes => routes.Map("/{**path}", context =>
            {
                context.Response.StatusCode = recording!.Status;
                context.Response.ContentType = recording.ContentType;
                return context.Response.WriteAsync(recording.Body, context.RequestAborted);
            }),
            cancellationToken).ConfigureAwait(false);
        recording = new RecordingHost(host);
        return recording;
    }

    /// <summary>Stops the host.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
