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
    [TestCase("The requested GPU duration (300s) is larger than the maximum allowed", FluxImagingErrorKind.InvalidRequest)]
    [TestCase("404: Not Found", FluxImagingErrorKind.NotFound)]
    [TestCase("404: Session not found.", FluxImagingErrorKind.NotFound)]
    [TestCase("CUDA out of memory", FluxImagingErrorKind.UpstreamError)]
    public void Known_texts_map_to_kinds(string text, FluxImagingErrorKind kind) =>
        Assert.That(GradioErrors.Classify("Space", text, null, "hidden").Kind, Is.EqualTo(kind));

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
