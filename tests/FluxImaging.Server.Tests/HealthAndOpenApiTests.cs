using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluxImaging.Server.Tests.Support;

namespace FluxImaging.Server.Tests;

/// <summary>Liveness, readiness per provider, the OpenAPI document, and OpenAI's error shape on routes that do not exist.</summary>
[TestFixture]
public sealed class HealthAndOpenApiTests
{
    private static readonly string[] Registered = ["BlackForestLabs", "Voodoohop", "ImageLabs", "SD35Large", "Flux1KontextDev", "Flux1Schnell", "Pollinations", "OpenAI"];

    private ServerFixture _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await ServerFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Liveness_keeps_its_shape_ok_and_the_providers()
    {
        using var response = await _server.Http.GetAsync(_server.Url("/health"));
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(health.GetProperty("providers").EnumerateArray().Select(p => p.GetString()), Is.EquivalentTo(Registered));
    }

    [Test]
    public async Task Readiness_reports_each_provider_by_name_without_calling_any_upstream()
    {
        var before = UpstreamRequests();

        using var response = await _server.Http.GetAsync(_server.Url("/health/ready"));
        var ready = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(ready.GetProperty("media").GetString(), Is.EqualTo("Healthy"));
        var providers = ready.GetProperty("providers").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.That(providers.Keys, Is.EquivalentTo(Registered));
        Assert.That(providers.Values.Select(p => p.GetProperty("status").GetString()), Has.All.EqualTo("Healthy"));
        Assert.That(providers["BlackForestLabs"].GetProperty("models").EnumerateArray().Select(m => m.GetString()), Does.Contain("flux-dev"));
        Assert.That(UpstreamRequests(), Is.EqualTo(before), "a probe costs no upstream request");
    }

    [Test]
    public async Task The_OpenAPI_document_describes_the_images_endpoints()
    {
        using var response = await _server.Http.GetAsync(_server.Url("/openapi/v1.json"));
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var paths = document.GetProperty("paths");
        Assert.That(paths.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[] { "/v1/images/generations", "/v1/models", "/media/{name}", "/api/{provider}/images/generations" }));
        var create = paths.GetProperty("/v1/images/generations").GetProperty("post");
        Assert.That(create.GetProperty("operationId").GetString(), Is.EqualTo("CreateImage"));
        Assert.That(create.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), Is.True);
        Assert.That(create.GetProperty("responses").EnumerateObject().Select(r => r.Name), Is.SupersetOf(new[] { "200", "400", "413", "429", "502" }));
        Assert.That(paths.GetProperty("/media/{name}").TryGetProperty("head", out _), Is.True);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.That(schemas.GetProperty("GenerationRequestDocument").GetProperty("properties").TryGetProperty("response_format", out _), Is.True);
        Assert.That(schemas.GetProperty("GenerationRequestDocument").GetProperty("required").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "prompt" }));
    }

    [Test]
    public async Task The_OpenAPI_document_describes_the_edit_route_with_both_bodies()
    {
        using var response = await _server.Http.GetAsync(_server.Url("/openapi/v1.json"));
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();

        var edit = document.GetProperty("paths").GetProperty("/v1/images/edits").GetProperty("post");
        Assert.That(edit.GetProperty("operationId").GetString(), Is.EqualTo("CreateImageEdit"));
        var content = edit.GetProperty("requestBody").GetProperty("content");
        Assert.That(content.EnumerateObject().Select(c => c.Name), Is.EquivalentTo(new[] { "multipart/form-data", "application/json" }));
        var form = Resolve(document, content.GetProperty("multipart/form-data").GetProperty("schema"));
        Assert.That(form.GetProperty("required").EnumerateArray().Select(r => r.GetString()), Is.EquivalentTo(new[] { "image", "prompt" }));
        var image = form.GetProperty("properties").GetProperty("image");
        Assert.That((image.GetProperty("type").GetString(), image.GetProperty("format").GetString()), Is.EqualTo(("string", "binary")));
        Assert.That(Resolve(document, content.GetProperty("application/json").GetProperty("schema")).GetProperty("properties").TryGetProperty("images", out _), Is.True);
        Assert.That(edit.GetProperty("responses").EnumerateObject().Select(r => r.Name), Is.SupersetOf(new[] { "200", "400", "413", "415", "429", "502" }));
    }

    [TestCase("GET", "/v1/images/variations", HttpStatusCode.NotFound)]
    [TestCase("GET", "/v1/images/edits", HttpStatusCode.MethodNotAllowed)]
    [TestCase("GET", "/v1/nothing-here", HttpStatusCode.NotFound)]
    [TestCase("GET", "/v1/images/generations", HttpStatusCode.MethodNotAllowed)]
    [TestCase("DELETE", "/media/1_x_0123456789abcdef.png", HttpStatusCode.MethodNotAllowed)]
    public async Task Routes_that_do_not_exist_answer_in_OpenAIs_shape(string method, string path, HttpStatusCode status)
    {
        using var response = await _server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), _server.Url(path)));

        Assert.That(response.StatusCode, Is.EqualTo(status));
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.That(error.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "message", "type", "param", "code" }));
    }

    /// <summary>A schema, or the component a <c>$ref</c> names.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private int UpstreamRequests()
    {
        var emulators = _server.Emulators!;
        return emulators.FluxDev.Requests.Count + emulators.FluxSchnell.Requests.Count + emulators.ImageLabs.Requests.Count + emulators.OpenAI.Requests.Count + emulators.HuggingFace.Requests.Count
            + emulators.FluxKontextDev.Requests.Count + emulators.StableDiffusion35Large.Requests.Count + emulators.OfficialFluxSchnell.Requests.Count + emulators.Pollinations.Requests.Count;
    }
}
