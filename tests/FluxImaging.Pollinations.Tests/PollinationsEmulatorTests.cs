using System.Net;
using System.Text.Json;
using FluxImaging.Testing.Pollinations;

namespace FluxImaging.Pollinations.Tests;

/// <summary>The emulator answers as the service does, seen from a plain HTTP client.</summary>
[TestFixture]
public sealed class PollinationsEmulatorTests
{
    private PollinationsEmulator _service = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _service = await PollinationsEmulator.StartAsync();
        _http = new HttpClient { BaseAddress = _service.BaseAddress };
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _service.DisposeAsync();
    }

    [Test]
    public async Task An_image_comes_with_the_services_headers()
    {
        using var response = await _http.GetAsync(new Uri("/prompt/A%20Red%20Fox!?width=32&height=16&seed=3", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));
        Assert.That(response.Headers.CacheControl!.ToString(), Is.EqualTo("public, max-age=31536000, immutable"));
        Assert.That(response.Content.Headers.ContentDisposition!.ToString(), Is.EqualTo("inline; filename=\"a-red-fox.jpg\""));
        Assert.That(response.Headers.GetValues("X-Cache").Single(), Is.EqualTo("MISS"));
        Assert.That(response.Headers.GetValues("X-Auth-Status").Single(), Is.EqualTo("unauthenticated"));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(PollinationsEmulator.Render("A Red Fox!", 3, 32, 16, "flux")));
    }

    [Test]
    public async Task The_same_request_again_is_a_cache_hit()
    {
        using var first = await _http.GetAsync(new Uri("/prompt/fox?width=32&height=16&seed=3", UriKind.Relative));
        using var second = await _http.GetAsync(new Uri("/prompt/fox?seed=3&height=16&width=32&referrer=x", UriKind.Relative));

        Assert.That(second.Headers.GetValues("X-Cache").Single(), Is.EqualTo("HIT"), "parameters sorted, referrer ignored");
    }

    [Test]
    public async Task A_plus_in_the_path_is_a_space_and_an_absent_seed_is_42()
    {
        using var response = await _http.GetAsync(new Uri("/prompt/red+fox?width=16&height=16", UriKind.Relative));

        Assert.That(_service.Generations.Single().Prompt, Is.EqualTo("red fox"));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(PollinationsEmulator.Render("red fox", 42, 16, 16, "flux")));
    }

    [Test]
    public async Task A_broken_escape_is_a_500_as_on_the_real_origin()
    {
        using var response = await _http.GetAsync(new Uri("/prompt/fox%E2%8?width=16&height=16", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("URI malformed"));
    }

    [Test]
    public async Task Every_image_can_be_labelled_jpeg_as_the_legacy_origin_does()
    {
        _service.LabelEveryImageJpeg = true;

        using var response = await _http.GetAsync(new Uri("/prompt/fox?width=16&height=16", UriKind.Relative));

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/jpeg"));
        Assert.That((await response.Content.ReadAsByteArrayAsync())[1..4], Is.EqualTo("PNG"u8.ToArray()));
    }

    [Test]
    public async Task The_models_are_listed_as_names_and_on_the_gateway_path_as_objects()
    {
        using var names = await _http.GetAsync(new Uri("/models", UriKind.Relative));
        using var objects = await _http.GetAsync(new Uri("/image/models", UriKind.Relative));

        Assert.That(JsonSerializer.Deserialize<string[]>(await names.Content.ReadAsStringAsync()), Is.EqualTo(new[] { "flux", "turbo" }));
        Assert.That(names.Headers.CacheControl!.NoStore, Is.True);
        using var document = JsonDocument.Parse(await objects.Content.ReadAsStringAsync());
        Assert.That(document.RootElement.EnumerateArray().Select(m => m.GetProperty("name").GetString()), Is.EqualTo(new[] { "flux", "turbo" }));
        Assert.That(document.RootElement[0].GetProperty("output_modalities")[0].GetString(), Is.EqualTo("image"));
    }

    [Test]
    public async Task A_required_key_is_accepted_as_bearer_and_reported_authenticated()
    {
        _service.RequiredApiKey = "sk_1";
        using var anonymous = await _http.GetAsync(new Uri("/image/fox?width=16&height=16", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/image/fox?width=16&height=16", UriKind.Relative));
        request.Headers.Authorization = new("Bearer", "sk_1");
        using var authorized = await _http.SendAsync(request);

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(authorized.Headers.GetValues("X-Auth-Status").Single(), Is.EqualTo("authenticated"));
    }

    [Test]
    public async Task The_queue_full_answer_is_legacy_json_with_its_error_type_and_no_Retry_After()
    {
        _service.FailNext(PollinationsFault.QueueFull);

        using var response = await _http.GetAsync(new Uri("/prompt/fox", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.GetValues("X-Error-Type").Single(), Is.EqualTo("Too Many Requests"));
        Assert.That(response.Headers.RetryAfter, Is.Null);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("queueInfo").GetProperty("maxAllowed").GetInt32(), Is.EqualTo(5));
    }

    [Test]
    public async Task A_fault_planned_after_one_request_spares_the_first()
    {
        _service.FailNext(PollinationsFault.Forbidden, after: 1);

        using var first = await _http.GetAsync(new Uri("/prompt/fox?width=16&height=16", UriKind.Relative));
        using var second = await _http.GetAsync(new Uri("/prompt/fox?width=16&height=16", UriKind.Relative));
        using var third = await _http.GetAsync(new Uri("/prompt/fox?width=16&height=16", UriKind.Relative));

        Assert.That(new[] { first.StatusCode, second.StatusCode, third.StatusCode }, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.OK }));
    }
}
