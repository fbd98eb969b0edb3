using System.Text.Json;
using FluxImaging.Server.Media;
using FluxImaging.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Server.Tests;

/// <summary>In a stream the status line is long gone: every failure, of any type, must end it with <c>event: error</c>.</summary>
[TestFixture]
public sealed class StreamingFailureTests
{
    [Test]
    public async Task An_unexpected_exception_ends_the_stream_with_an_OpenAI_shaped_error_event()
    {
        // Every image download fails with an exception no part of FluxImaging throws.
        await using var server = await ServerFixture.StartAsync(
            "http://127.0.0.1:0",
            offline: true,
            configure: builder => builder.Services.AddHttpClient(GuardedDownloader.HttpClientName).AddHttpMessageHandler(() => new FailingHandler()));

        var events = await DownloadGuardTests.StreamAsync(server, """{"model":"flux-dev","prompt":"x","stream":true,"partial_images":1}""");

        Assert.That(events[^1].EventType, Is.EqualTo("error"));
        var error = JsonDocument.Parse(events[^1].Data).RootElement.GetProperty("error");
        Assert.That((error.GetProperty("type").GetString(), error.GetProperty("code").ValueKind), Is.EqualTo(("server_error", JsonValueKind.Null)));
        Assert.That(error.GetProperty("message").GetString(), Does.Not.Contain("InvalidOperationException").And.Not.Contain("at "));
        Assert.That(server.Console.Text, Does.Contain("InvalidOperationException"), "the server's own log keeps the cause");
    }

    private sealed class FailingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a failure nobody planned for");
    }
}
