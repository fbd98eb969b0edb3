using FluxImaging.Gradio.Errors;

namespace FluxImaging.Gradio.Tests;

[TestFixture]
public sealed class GradioErrorsTests
{
    [Test]
    public void The_ZeroGPU_quota_message_is_a_quota_error_without_its_HTML_link()
    {
        var error = GradioErrors.Classify("BlackForestLabs", "You have exceeded your GPU quota (60s requested vs. 56s left). <a style=\"x\" href=\"https://huggingface.co/join\">Create a free account</a> to get more usage quota.", "Error", "hidden");

        Assert.That(error.Kind, Is.EqualTo(FluxImagingErrorKind.QuotaExceeded));
        Assert.That(error.Message, Is.EqualTo("You have exceeded your GPU quota (60s requested vs. 56s left)."));
    }

    [Test]
    public void A_quota_message_with_a_retry_hint_carries_Retry_After()
    {
        var error = GradioErrors.Classify("BlackForestLabs", "You have exceeded your GPU quota (46s left vs. 60s requested). Sign-up on Hugging Face to get more quotas or retry in 0:09:48.", null, "hidden");

        Assert.That(error.Kind, Is.EqualTo(FluxImagingErrorKind.QuotaExceeded));
        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(588)));
    }

    [Test]
    public void The_quota_title_alone_means_quota() =>
        Assert.That(GradioErrors.Classify("BlackForestLabs", "Try again later.", "ZeroGPU quota exceeded", "hidden").Kind, Is.EqualTo(FluxImagingErrorKind.QuotaExceeded));

    [TestCase("No GPU is currently available for you after 60s", FluxImagingErrorKind.UpstreamUnavailable)]
    [TestCase("Value 4096 is greater than maximum value 2048.", FluxImagingErrorKind.InvalidRequest)]
    [TestCase("'Value 10 is less than minimum value 256.'", FluxImagingErrorKind.InvalidRequest)]
    [TestCase("The requested GPU duration (300s) is larger than the maximum allowed", FluxImagingErrorKind.UpstreamError)]
    [TestCase("404: Not Found", FluxImagingErrorKind.NotFound)]
    [TestCase("404: Session not found.", FluxImagingErrorKind.NotFound)]
    [TestCase("CUDA out of memory", FluxImagingErrorKind.UpstreamError)]
    public void Known_texts_map_to_kinds(string text, FluxImagingErrorKind kind) =>
        Assert.That(GradioErrors.Classify("Space", text, null, "hidden").Kind, Is.EqualTo(kind));

    // zerogpu.md §2 and §3: each text of today's spaces package, with its title, becomes the kind it names.
    [TestCase("ZeroGPU quota exceeded", "You have exceeded your free ZeroGPU quota (60s requested vs. 42s left). Try again in 0:05:17. Subscribe to Hugging Face PRO to get 25 min of ZeroGPU quota a day - https://huggingface.co/subscribe/pro?from=ZeroGPU", FluxImagingErrorKind.QuotaExceeded, 317)]
    [TestCase("ZeroGPU quota exceeded", "You have exceeded your Pro ZeroGPU quota (60s requested vs. 0s left). Try again in 1 day, 2:03:04. Add credits to keep using ZeroGPU.", FluxImagingErrorKind.QuotaExceeded, 93784)]
    [TestCase("ZeroGPU quota exceeded", "You have exceeded your ZeroGPU quota (60s requested vs. 12s left). Try again in 2 days, 0:00:01.500000. Authenticate with a Hugging Face token for more quota - https://huggingface.co/settings/tokens", FluxImagingErrorKind.QuotaExceeded, 172802)]
    [TestCase("ZeroGPU quota exceeded", "You have exceeded your ZeroGPU runs limit. ", FluxImagingErrorKind.QuotaExceeded, null)]
    [TestCase("ZeroGPU quota exceeded", "Space app has reached its GPU limit. Try re-running outside of examples if it happened after clicking one", FluxImagingErrorKind.QuotaExceeded, null)]
    [TestCase("ZeroGPU quota exceeded", "No GPU was available after 60s. Try re-running outside of examples if it happened after clicking one", FluxImagingErrorKind.UpstreamUnavailable, 5)]
    [TestCase("ZeroGPU queue timeout", "No GPU was available after 60s. <a style=\"white-space: nowrap\" href=\"https://huggingface.co/join\">Create a free account</a> to get a higher priority in ZeroGPU queues.", FluxImagingErrorKind.UpstreamUnavailable, 5)]
    [TestCase("ZeroGPU pending credits exceeded", "You have too many ZeroGPU credits allocated to running tasks. Try again once some of those tasks have completed.", FluxImagingErrorKind.RateLimited, 10)]
    [TestCase("ZeroGPU client error", "No GPU was available", FluxImagingErrorKind.UpstreamUnavailable, 5)]
    [TestCase("ZeroGPU client error", "Expired ZeroGPU proxy token", FluxImagingErrorKind.UpstreamUnavailable, 0)]
    [TestCase("ZeroGPU illegal duration", "The requested GPU duration (180s) is larger than the maximum allowed", FluxImagingErrorKind.UpstreamError, null)]
    [TestCase("ZeroGPU worker error", "GPU task aborted", FluxImagingErrorKind.UpstreamError, null)]
    [TestCase("ZeroGPU worker error", "OutOfMemoryError", FluxImagingErrorKind.UpstreamError, null)]
    [TestCase("Error", "You have exceeded your GPU quota (60s requested vs. 56s left). <a href=\"https://huggingface.co/join\">Create a free account</a> to get more usage quota.", FluxImagingErrorKind.QuotaExceeded, null)]
    [TestCase(null, "'You have exceeded your GPU quota (46s left vs. 60s requested). Sign-up on Hugging Face to get more quotas or retry in 0:09:48.'", FluxImagingErrorKind.QuotaExceeded, 588)]
    public void Todays_ZeroGPU_texts_map_to_their_kinds(string? title, string text, FluxImagingErrorKind kind, int? retryAfterSeconds)
    {
        var error = GradioErrors.Classify("Space", text, title, "hidden");

        Assert.That((error.Kind, error.RetryAfter), Is.EqualTo((kind, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null)));
        Assert.That(error.Message, Does.Not.Contain("<a").And.Not.Contain("href"));
    }

    [Test]
    public void The_app_GPU_limit_tells_the_caller_how_to_use_their_own_quota() =>
        Assert.That(GradioErrors.Classify("Space", "Space app has reached its GPU limit.", "ZeroGPU quota exceeded", "hidden").Message, Does.Contain("HuggingFaceToken"));

    [Test]
    public void Control_characters_in_an_error_text_never_reach_the_message() =>
        Assert.That(GradioErrors.Classify("Space", "bad\u001b[31m red\u0007\r\nforged log line", "Error", "hidden").Message, Is.EqualTo("bad [31m red forged log line"));

    [Test]
    public void A_Gradio_4_repr_quoted_text_loses_its_quotes() =>
        Assert.That(GradioErrors.Classify("Space", "'CUDA out of memory'", null, "hidden").Message, Is.EqualTo("CUDA out of memory"));

    [Test]
    public void A_hidden_error_uses_the_callers_explanation()
    {
        var error = GradioErrors.Classify("Space", null, "Error", "The Space failed without saying why.");

        Assert.That((error.Kind, error.Message), Is.EqualTo((FluxImagingErrorKind.UpstreamError, "The Space failed without saying why.")));
    }
}
