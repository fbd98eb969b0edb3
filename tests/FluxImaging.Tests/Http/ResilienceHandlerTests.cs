using System.Net;
using FluxImaging.Http;
using FluxImaging.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using RichardSzalay.MockHttp;

namespace FluxImaging.Tests.Http;

[TestFixture]
public sealed class ResilienceHandlerTests
{
    private const string Url = "https://upstream.test/call/infer";

    private MockHttpMessageHandler _upstream = null!;

    [SetUp]
    public void SetUp() => _upstream = new MockHttpMessageHandler();

    [TearDown]
    public void TearDown() => _upstream.Dispose();

    [Test]
    public async Task Retries_a_503_and_returns_the_success_that_follows()
    {
        var first = _upstream.Expect(HttpMethod.Post, Url).Respond(HttpStatusCode.ServiceUnavailable);
        var second = _upstream.Expect(HttpMethod.Post, Url).Respond("application/json", """{"event_id":"abc"}""");
        using var client = CreateClient(TimeProvider.System);

        using var response = await client.PostAsync(Url, new StringContent("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_upstream.GetMatchCount(first) + _upstream.GetMatchCount(second), Is.EqualTo(2));
    }

    [Test]
    public async Task Retries_a_connection_failure()
    {
        _upstream.Expect(HttpMethod.Get, Url).Throw(new HttpRequestException("Connection refused"));
        _upstream.Expect(HttpMethod.Get, Url).Respond("text/plain", "ok");
        using var client = CreateClient(TimeProvider.System);

        using var response = await client.GetAsync(Url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _upstream.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task Waits_exactly_the_Retry_After_the_upstream_asked_for()
    {
        var time = new FakeClock();
        var limited = _upstream.Expect(HttpMethod.Post, Url).Respond(_ => TooManyRequests(TimeSpan.FromSeconds(7)));
        var ok = _upstream.Expect(HttpMethod.Post, Url).Respond("application/json", "{}");
        using var client = CreateClient(time);

        var sending = client.PostAsync(Url, new StringContent("{}"));
        var delay = await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(7));

        Assert.That(delay, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(_upstream.GetMatchCount(ok), Is.Zero, "the retry must wait for the Retry-After delay");
        time.Advance(TimeSpan.FromSeconds(7));
        using var response = await sending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_upstream.GetMatchCount(limited), Is.EqualTo(1));
    }

    [Test]
    public async Task Returns_the_429_at_once_when_its_Retry_After_exceeds_the_budget()
    {
        var limited = _upstream.When(HttpMethod.Post, Url).Respond(_ => TooManyRequests(TimeSpan.FromHours(1)));
        using var client = CreateClient(TimeProvider.System, budget: TimeSpan.FromMinutes(2));

        using var response = await client.PostAsync(Url, new StringContent("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(_upstream.GetMatchCount(limited), Is.EqualTo(1));
    }

    [Test]
    public async Task Gives_up_after_the_configured_number_of_attempts()
    {
        var busy = _upstream.When(HttpMethod.Get, Url).Respond(HttpStatusCode.ServiceUnavailable);
        using var client = CreateClient(TimeProvider.System, maxAttempts: 3);

        using var response = await client.GetAsync(Url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(_upstream.GetMatchCount(busy), Is.EqualTo(3));
    }

    [TestCase(HttpStatusCode.BadRequest)]
    [TestCase(HttpStatusCode.Unauthorized)]
    [TestCase(HttpStatusCode.NotFound)]
    [TestCase((HttpStatusCode)422)]
    public async Task Does_not_retry_a_client_error(HttpStatusCode status)
    {
        var rejected = _upstream.When(HttpMethod.Post, Url).Respond(status);
        using var client = CreateClient(TimeProvider.System);

        using var response = await client.PostAsync(Url, new StringContent("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(_upstream.GetMatchCount(rejected), Is.EqualTo(1));
    }

    [Test]
    public async Task Does_not_resend_a_POST_whose_streamed_body_was_already_sent()
    {
        var busy = _upstream.When(HttpMethod.Post, Url).Respond(HttpStatusCode.ServiceUnavailable);
        using var client = CreateClient(TimeProvider.System);
        using var body = new StreamContent(new NonSeekableStream("""{"data":[]}"""u8.ToArray()));

        using var response = await client.PostAsync(Url, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(_upstream.GetMatchCount(busy), Is.EqualTo(1));
    }

    [Test]
    public async Task A_request_marked_do_not_retry_is_sent_once()
    {
        var busy = _upstream.When(HttpMethod.Get, Url).Respond(HttpStatusCode.ServiceUnavailable);
        using var client = CreateClient(TimeProvider.System);
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);
        request.Options.Set(Providers.UpstreamHttp.DoNotRetry, true);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(_upstream.GetMatchCount(busy), Is.EqualTo(1));
    }

    [Test]
    public async Task Never_retries_once_the_response_body_is_being_streamed()
    {
        var stream = _upstream.When(HttpMethod.Get, Url).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new BreaksAfterFirstReadStream("event: generating\ndata: []\n\n"u8.ToArray())),
        });
        using var client = CreateClient(TimeProvider.System);

        using var response = await client.GetAsync(Url, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1024];
        var first = await body.ReadAtLeastAsync(buffer, 1);

        Assert.That(first, Is.GreaterThan(0));
        Assert.ThrowsAsync<IOException>(async () => await body.ReadAtLeastAsync(buffer, 1));
        Assert.That(_upstream.GetMatchCount(stream), Is.EqualTo(1));
    }

    [Test]
    public async Task Cancellation_stops_a_backoff_wait_at_once()
    {
        var time = new FakeClock();
        var busy = _upstream.When(HttpMethod.Get, Url).Respond(_ => TooManyRequests(TimeSpan.FromSeconds(30), HttpStatusCode.ServiceUnavailable));
        using var client = CreateClient(time);
        using var cancellation = new CancellationTokenSource();

        var sending = client.GetAsync(Url, cancellation.Token);
        await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();

        // The clock never moves: only the cancellation can end the wait.
        Assert.That(async () => await sending.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_upstream.GetMatchCount(busy), Is.EqualTo(1));
    }

    [Test]
    public async Task An_attempt_that_gets_no_response_headers_times_out_with_a_typed_error()
    {
        var time = new FakeClock();
        var pipeline = ProviderPipeline.Create(
            "Test",
            new RetryOptions { MaxAttempts = 1, Budget = TimeSpan.FromMinutes(2) },
            new TimeoutOptions { Attempt = TimeSpan.FromSeconds(5) },
            time,
            NullLogger.Instance);
        using var client = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SilentHandler() });

        var sending = client.GetAsync(Url);
        await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(5));

        var error = Assert.ThrowsAsync<FluxImagingException>(async () => await sending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That((error!.Kind, error.Provider), Is.EqualTo((FluxImagingErrorKind.Timeout, "Test")));
        Assert.That(error.InnerException, Is.InstanceOf<Polly.Timeout.TimeoutRejectedException>());
    }

    private HttpClient CreateClient(TimeProvider time, int maxAttempts = 3, TimeSpan? budget = null)
    {
        var pipeline = ProviderPipeline.Create(
            "Test",
            new RetryOptions { MaxAttempts = maxAttempts, BaseDelay = TimeSpan.FromMilliseconds(1), Budget = budget ?? TimeSpan.FromMinutes(2) },
            new TimeoutOptions { Attempt = TimeSpan.FromSeconds(30) },
            time,
            NullLogger.Instance);
        return new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = _upstream });
    }

    private static HttpResponseMessage TooManyRequests(TimeSpan retryAfter, HttpStatusCode status = HttpStatusCode.TooManyRequests)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
        return response;
    }

    private sealed class SilentHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    private sealed class BreaksAfterFirstReadStream(byte[] first) : Stream
    {
        private bool _served;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_served)
            {
                throw new IOException("The connection was reset.");
            }

            _served = true;
            first.CopyTo(buffer, offset);
            return first.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
