using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;

namespace FluxImaging.Testing.Tests;

[TestFixture]
public sealed class EmulatorHostTests
{
    private EmulatorHost _host = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await EmulatorHost.StartAsync(routes =>
            routes.MapPost("/echo", async context =>
            {
                context.Response.ContentType = "text/plain";
                await context.Request.Body.CopyToAsync(context.Response.Body, context.RequestAborted);
            }));
        _http = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Test]
    public void It_listens_on_loopback_with_a_free_port()
    {
        Assert.That(_host.BaseAddress.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(_host.BaseAddress.Port, Is.Not.Zero);
    }

    [Test]
    public async Task Every_request_is_recorded_with_its_headers_and_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/echo?x=1") { Content = new StringContent("hello", Encoding.UTF8, "text/plain") };
        request.Headers.Add("x-zerogpu-token", "abc");

        using var response = await _http.SendAsync(request);

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("hello"), "the route still sees the body");
        var recorded = _host.Requests.Single();
        Assert.That((recorded.Method, recorded.Path, recorded.Query, recorded.BodyText), Is.EqualTo(("POST", "/echo", "?x=1", "hello")));
        Assert.That(recorded.Header("X-ZeroGPU-Token"), Is.EqualTo("abc"));
    }

    [Test]
    public async Task A_status_fault_answers_the_next_matching_request_only()
    {
        _host.Faults.Add("POST", "/echo", Fault.Status(503, """{"detail":"Queue is full."}""", headers: new Dictionary<string, string> { ["Retry-After"] = "5" }));

        using var first = await _http.PostAsync("/echo", new StringContent("a"));
        using var second = await _http.PostAsync("/echo", new StringContent("b"));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(first.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(await first.Content.ReadAsStringAsync(), Does.Contain("Queue is full"));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void An_abort_fault_cuts_the_connection() =>
        Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            _host.Faults.Add("*", "/echo", Fault.Abort());
            using var _ = await _http.PostAsync("/echo", new StringContent("a"));
        });

    [Test]
    public async Task Unknown_paths_answer_404_in_Gradio_shape()
    {
        using var response = await _http.GetAsync("/nowhere");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"detail":"Not Found"}"""));
    }

    [Test]
    public async Task A_test_can_await_a_request_instead_of_sleeping()
    {
        var waiting = _host.WaitForRequestAsync(r => r.Path == "/echo");
        Assert.That(waiting.IsCompleted, Is.False);

        using var _ = await _http.PostAsync("/echo", new StringContent("a"));

        Assert.That((await waiting.WaitAsync(TimeSpan.FromSeconds(10))).BodyText, Is.EqualTo("a"));
    }

    [Test]
    public async Task Tiny_chunks_deliver_the_same_bytes()
    {
        _host.Faults.Add("POST", "/echo", Fault.TinyChunks(3));

        using var response = await _http.PostAsync("/echo", new StringContent("split me into pieces"));

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("split me into pieces"));
    }
}
