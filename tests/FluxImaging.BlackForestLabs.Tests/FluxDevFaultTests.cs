using FluxImaging.Testing;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.BlackForestLabs.Tests;

[TestFixture]
public sealed class FluxDevFaultTests : FluxDevFixture
{
    [Test]
    public void The_ZeroGPU_quota_is_a_quota_error_with_the_HTML_link_stripped()
    {
        Space.FailNext(SpaceFault.QuotaExceeded);
        var events = new List<ImageEvent>();

        var error = Assert.ThrowsAsync<FluxImagingException>(async () =>
        {
            await foreach (var imageEvent in Client.GenerateAsync(new ImageRequest("a cat") { Model = "flux-dev" }))
            {
                events.Add(imageEvent);
            }
        });

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.QuotaExceeded));
        Assert.That(error.Message, Is.EqualTo("You have exceeded your GPU quota (60s requested vs. 56s left)."));
        Assert.That(events.OfType<Reasoning>().Select(r => r.Label), Is.EqualTo(new[] { "submitted", "queued", "started" }));
    }

    [Test]
    public void A_quota_message_with_a_retry_time_carries_it()
    {
        Space.QuotaMessage = "You have exceeded your GPU quota (46s left vs. 60s requested). Sign-up on Hugging Face to get more quotas or retry in 0:09:48.";
        Space.QuotaTitle = "ZeroGPU quota exceeded";
        Space.FailNext(SpaceFault.QuotaExceeded);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-dev"));

        Assert.That(error!.RetryAfter, Is.EqualTo(new TimeSpan(0, 9, 48)));
    }

    [Test]
    public void Anonymous_callers_run_into_the_simulated_quota()
    {
        Space.AnonymousQuotaRuns = 0;

        Assert.That(Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-dev"))!.Kind, Is.EqualTo(FluxImagingErrorKind.QuotaExceeded));
    }

    [Test]
    public void A_hidden_error_is_an_upstream_error_with_a_useful_message()
    {
        Space.FailNext(SpaceFault.HiddenError);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-dev"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamError));
        Assert.That(error.Message, Does.Contain("without saying why"));
    }

    [Test]
    public void An_unexpected_error_is_an_upstream_error()
    {
        Space.FailNext(SpaceFault.UnexpectedError);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-dev"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamError));
        Assert.That(error.Message, Does.Contain("Server stopped unexpectedly."));
    }

    [Test]
    public void A_full_queue_is_rate_limited_after_retries_within_the_budget()
    {
        Space.Host.Faults.Add("POST", "/queue/join", Fault.Status(503, """{"detail":"Queue is full. Max size is 20 and size is 20."}"""), times: int.MaxValue);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-dev"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.RateLimited));
        Assert.That(error.Message, Does.Contain("Queue is full"));
        Assert.That(Space.Requests.Count(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal)), Is.EqualTo(3));
    }

    [Test]
    public async Task A_full_queue_that_clears_is_retried_to_success()
    {
        Space.Host.Faults.Add("POST", "/queue/join", Fault.Status(503, """{"detail":"Queue is full. Max size is 20 and size is 20."}"""));

        var response = await Client.GenerateImageAsync("a cat", "flux-dev");

        Assert.That(response.Images, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_silent_stream_ends_at_the_idle_timeout()
    {
        Space.FailNext(SpaceFault.Silent);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-dev"));

        Assert.That((error!.Kind, error.Message.Contains("idle", StringComparison.Ordinal)), Is.EqualTo((FluxImagingErrorKind.Timeout, true)));
    }

    [Test]
    public void A_stream_of_heartbeats_ends_at_the_generation_deadline()
    {
        Rebuild(shared: o => o.Timeouts.Generation = TimeSpan.FromSeconds(2));
        Space.FailNext(SpaceFault.Stalls);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-dev"));

        Assert.That((error!.Kind, error.Message.Contains("deadline", StringComparison.Ordinal)), Is.EqualTo((FluxImagingErrorKind.Timeout, true)));
    }

    [Test]
    public void A_stream_that_ends_early_is_a_protocol_violation()
    {
        Space.FailNext(SpaceFault.EndsEarly);

        Assert.That(Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-dev"))!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
    }

    [Test]
    public void A_range_error_from_the_Space_is_an_invalid_request()
    {
        Space.QuotaMessage = "Value 4096 is greater than maximum value 2048.";
        Space.FailNext(SpaceFault.QuotaExceeded);

        Assert.That(Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-dev"))!.Kind, Is.EqualTo(FluxImagingErrorKind.InvalidRequest));
    }
}
