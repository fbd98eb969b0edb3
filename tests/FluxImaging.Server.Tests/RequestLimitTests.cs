using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FluxImaging.Server.Tests.Support;

namespace FluxImaging.Server.Tests;

/// <summary>
/// The server's request limits through real HTTP: body size (declared and chunked), prompt length, a slow body. Memory
/// is measured around each hostile request in this process, which hosts the server: it must stay a small multiple of
/// the configured limit, whatever the client sends.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RequestLimitTests
{
    private const long DefaultBodyLimit = 1024 * 1024;

    private ServerFixture _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await ServerFixture.StartAsync(settings:
    [
        "--FluxImaging:Server:MaxConcurrentGenerationsPerClient=16",
        "--FluxImaging:Server:RequestBodyGracePeriod=00:00:02",
        "--FluxImaging:Server:MinRequestBodyBytesPerSecond=1000",
    ]);

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task A_25_MB_prompt_is_413_in_OpenAIs_shape_and_is_never_read_into_memory()
    {
        var body = Body(new string('a', 25 * 1024 * 1024));
        var meter = new AllocationMeter();

        using var response = await _server.Http.PostAsync(_server.Url("/v1/images/generations"), Json(body));
        var allocated = meter.Allocated;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        var error = (await JsonAsync(response)).GetProperty("error");
        Assert.That((error.GetProperty("type").GetString(), error.GetProperty("code").GetString()), Is.EqualTo(("invalid_request_error", "request_too_large")));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain("1,048,576"));
        Assert.That(allocated, Is.LessThan(4 * DefaultBodyLimit), "bytes allocated while answering");
    }

    [Test]
    public async Task Sixteen_concurrent_20_MB_prompts_are_all_413_within_bounded_memory()
    {
        var body = Body(new string('b', 20 * 1024 * 1024));
        var meter = new AllocationMeter();

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _server.Http.PostAsync(_server.Url("/v1/images/generations"), Json(body))));
        var allocated = meter.Allocated;

        Assert.That(responses.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        // Each connection may hold up to its limit in flight (Kestrel buffers up to 1 MiB per connection): 4x per request.
        Assert.That(allocated, Is.LessThan(16 * 4 * DefaultBodyLimit), "bytes allocated while answering all sixteen");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Test]
    public async Task A_chunked_body_over_the_limit_is_413_without_a_logged_failure()
    {
        var body = Body(new string('c', 3 * 1024 * 1024));
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Url("/v1/images/generations")) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var meter = new AllocationMeter();

        using var response = await _server.Http.SendAsync(request);
        var allocated = meter.Allocated;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await JsonAsync(response)).GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("request_too_large"));
        Assert.That(allocated, Is.LessThan(4 * DefaultBodyLimit), "bytes allocated while reading up to the limit");
        Assert.That(_server.Console.Lines, Has.None.StartsWith("fail:"));
    }

    [Test]
    public async Task A_body_that_arrives_too_slowly_is_408_in_OpenAIs_shape()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
        var head = $"POST /v1/images/generations HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{\"prompt\":";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));

        // Nothing more is sent: Kestrel's minimum data rate ends the request after the grace period.
        var answer = await ReadResponseAsync(socket);

        Assert.That(answer, Does.StartWith("HTTP/1.1 408 "));
        var error = JsonDocument.Parse(answer[answer.IndexOf('{', StringComparison.Ordinal)..(answer.LastIndexOf('}') + 1)]).RootElement.GetProperty("error");
        Assert.That((error.GetProperty("type").GetString(), error.GetProperty("code").GetString()), Is.EqualTo(("invalid_request_error", "request_timeout")));
        Assert.That(_server.Console.Lines, Has.None.StartsWith("fail:"));
    }

    [Test]
    public async Task A_malformed_chunked_body_is_Kestrels_400_in_OpenAIs_shape()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
        var head = $"POST /v1/images/generations HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{{}}\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));

        var answer = await ReadResponseAsync(socket);

        Assert.That(answer, Does.StartWith("HTTP/1.1 400 "));
        var error = JsonDocument.Parse(answer[answer.IndexOf('{', StringComparison.Ordinal)..(answer.LastIndexOf('}') + 1)]).RootElement.GetProperty("error");
        Assert.That((error.GetProperty("type").GetString(), error.GetProperty("code").GetString()), Is.EqualTo(("invalid_request_error", "invalid_request")));
        Assert.That(_server.Console.Lines, Has.None.StartsWith("fail:"));
    }

    [Test]
    public async Task A_prompt_over_MaxPromptLength_is_400_naming_prompt()
    {
        using var response = await _server.Http.PostAsync(_server.Url("/v1/images/generations"), Json(Body(new string('p', 32_001))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = (await JsonAsync(response)).GetProperty("error");
        Assert.That((error.GetProperty("param").GetString(), error.GetProperty("code").GetString()), Is.EqualTo(("prompt", "string_above_max_length")));
    }

    [Test]
    public async Task A_prompt_of_exactly_MaxPromptLength_escaped_characters_is_accepted()
    {
        // 32,000 characters written as \u escapes: 192,000 bytes of JSON, still within both limits.
        var escaped = Encoding.UTF8.GetBytes($$"""{"model":"flux-schnell","response_format":"url","prompt":"{{string.Concat(Enumerable.Repeat("\\u0041", 32_000))}}"}""");

        using var response = await _server.Http.PostAsync(_server.Url("/v1/images/generations"), Json(escaped));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await JsonAsync(response)).GetProperty("data")[0].GetProperty("revised_prompt").GetString(), Has.Length.EqualTo(32_000));
    }

    private static byte[] Body(string prompt) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["model"] = "flux-schnell", ["prompt"] = prompt });

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Reads one response: up to its Content-Length, or (chunked) until the server closes the connection.</summary>
    private static async Task<string> ReadResponseAsync(Socket socket)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            var text = Encoding.UTF8.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var length = text.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase);
            if (end > 0 && length > 0 && length < end)
            {
                var declared = int.Parse(text.AsSpan(length + 16, text.IndexOf("\r\n", length, StringComparison.Ordinal) - length - 16), System.Globalization.CultureInfo.InvariantCulture);
                if (received.Length >= end + 4 + declared)
                {
                    break;
                }
            }
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
