using System.Net;
using System.Text;
using FluxImaging.Http;

namespace FluxImaging.Tests.Errors;

[TestFixture]
public sealed class UpstreamFailureTests
{
    [Test]
    public async Task An_HTML_error_page_becomes_its_title_not_markup()
    {
        using var response = Response(HttpStatusCode.BadGateway, "<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>p{}</style></head><body><h1>Bad</h1></body></html>", "text/html");

        var error = await UpstreamFailure.FromResponseAsync("Voodoohop", response, "POST /call/infer", TimeProvider.System, CancellationToken.None);

        Assert.That(error.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamError));
        Assert.That(error.Status, Is.EqualTo(502));
        Assert.That(error.Message, Is.EqualTo("POST /call/infer failed with HTTP 502 (Bad Gateway): 502 Bad Gateway"));
    }

    [TestCase("""{"error":"Too Many Requests","message":"Queue full for IP: 203.0.113.7: 5 requests already queued"}""", "Too Many Requests: Queue full for IP: 203.0.113.7: 5 requests already queued")]
    [TestCase("""{"error":{"message":"{\"error\":\"Internal Server Error\",\"message\":\"HTTP error! status: 403\"}"}}""", "Internal Server Error: HTTP error! status: 403")]
    [TestCase("""{"detail":[{"loc":["body","guidance_scale"],"message":"Input should be a valid integer","type":"int_from_float"}]}""", "body.guidance_scale: Input should be a valid integer")]
    [TestCase("""{"detail":[{"loc":["body","data"],"msg":"Field required","type":"missing"}]}""", "body.data: Field required")]
    [TestCase("""{"error":{"message":"Billing hard limit reached","type":"insufficient_quota"}}""", "Billing hard limit reached")]
    public void The_useful_text_is_found_in_every_error_shape(string body, string expected) =>
        Assert.That(UpstreamFailure.ExtractMessage(body), Is.EqualTo(expected));

    [Test]
    public async Task A_Cloudflare_challenge_is_named_as_such()
    {
        using var response = Response(HttpStatusCode.Forbidden, "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><div id=\"cf-please-wait\"></div></body></html>", "text/html");

        var error = await UpstreamFailure.FromResponseAsync("ImageLabs", response, "POST /txt2img", TimeProvider.System, CancellationToken.None);

        Assert.That(error.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamUnavailable));
        Assert.That(error.Message, Does.Contain("Cloudflare"));
        Assert.That(error.Message, Does.Not.Contain("<"));
    }

    [Test]
    public async Task A_429_carries_its_Retry_After()
    {
        using var response = Response(HttpStatusCode.TooManyRequests, """{"error":"slow down"}""");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(12));

        var error = await UpstreamFailure.FromResponseAsync("OpenAI", response, "POST /v1/images/generations", TimeProvider.System, CancellationToken.None);

        Assert.That(error.Kind, Is.EqualTo(FluxImagingErrorKind.RateLimited));
        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(12)));
        Assert.That(error.Message, Does.EndWith("slow down"));
    }

    [TestCase("""{"detail":"Queue is full. Max size is 10 and size is 10."}""", "Queue is full. Max size is 10 and size is 10.")]
    [TestCase("""{"detail":[{"type":"missing","loc":["body","data"],"msg":"Field required"}]}""", "body.data: Field required")]
    [TestCase("""{"error":{"message":"Invalid size","type":"invalid_request_error"}}""", "Invalid size")]
    [TestCase("""{"error":"You have exceeded your GPU quota (60s requested vs. 56s left). <a href=\"https://huggingface.co/join\">Create a free account</a> to get more."}""", "You have exceeded your GPU quota (60s requested vs. 56s left).")]
    [TestCase("Internal Server Error", "Internal Server Error")]
    public void The_most_useful_message_is_extracted(string body, string expected) =>
        Assert.That(UpstreamFailure.ExtractMessage(body), Is.EqualTo(expected));

    [TestCase(400, FluxImagingErrorKind.InvalidRequest)]
    [TestCase(401, FluxImagingErrorKind.Unauthorized)]
    [TestCase(403, FluxImagingErrorKind.Unauthorized)]
    [TestCase(404, FluxImagingErrorKind.NotFound)]
    [TestCase(422, FluxImagingErrorKind.InvalidRequest)]
    [TestCase(429, FluxImagingErrorKind.RateLimited)]
    [TestCase(500, FluxImagingErrorKind.UpstreamError)]
    [TestCase(503, FluxImagingErrorKind.UpstreamUnavailable)]
    [TestCase(504, FluxImagingErrorKind.Timeout)]
    public void Statuses_map_to_kinds(int status, FluxImagingErrorKind kind) =>
        Assert.That(FluxImagingException.KindFromStatus((HttpStatusCode)status), Is.EqualTo(kind));

    [Test]
    public void An_aggregate_of_one_error_is_that_error()
    {
        var only = new FluxImagingException(FluxImagingErrorKind.Timeout, "slow", "ImageLabs");

        Assert.That(FluxImagingException.Aggregate("sdxl-turbo", [only]), Is.SameAs(only));
    }

    private static HttpResponseMessage Response(HttpStatusCode status, string body, string contentType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
}
