using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxImaging.Testing.OpenAI;

namespace FluxImaging.OpenAI.Tests.Emulator;

/// <summary>The emulator in gpt4free mode answers plain HTTP the way gpt4free does (<c>openai-images.md</c> §A, §D, §F).</summary>
[TestFixture]
public sealed class Gpt4FreeEmulatorTests
{
    private readonly HttpClient _http = new();
    private OpenAIImagesEmulator _server = null!;

    [SetUp]
    public async Task SetUp() => _server = await OpenAIImagesEmulator.StartGpt4FreeAsync();

    [TearDown]
    public async Task TearDown() => await _server.DisposeAsync();

    [OneTimeTearDown]
    public void DisposeClient() => _http.Dispose();

    [Test]
    public async Task A_fractional_guidance_scale_is_pydantics_422()
    {
        using var response = await PostAsync("""{"prompt":"a cat","guidance_scale":3.5}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"detail":[{"loc":["body","guidance_scale"],"message":"Input should be a valid integer, got a number with a fractional part","type":"int_from_float"}]}"""));
    }

    [TestCase("""{"prompt":"a cat","guidance_scale":4.0,"width":"32","height":32,"seed":7,"num_inference_steps":1e1,"n":2}""")]
    [TestCase("""{"prompt":"a cat","guidance_scale":null,"randomize_seed":true,"quality":"hd"}""")]
    public async Task Integral_floats_integer_strings_nulls_and_unknown_fields_pass(string body)
    {
        using var response = await PostAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Every_wrongly_typed_field_is_listed()
    {
        using var response = await PostAsync("""{"width":"wide","seed":[1],"aspect_ratio":16,"n":1.5}""");

        var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.AsArray();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(detail.Select(d => $"{d!["loc"]![1]}:{d["type"]}"), Is.EquivalentTo(new[] { "prompt:missing", "width:int_parsing", "seed:int_type", "n:int_from_float", "aspect_ratio:string_type" }));
    }

    [Test]
    public async Task n_is_ignored_and_width_height_are_rendered()
    {
        using var response = await PostAsync("""{"prompt":"a cat","n":3,"width":24,"height":8,"response_format":"b64_json"}""");

        var data = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray();
        Assert.That(data, Has.Count.EqualTo(1));
        var png = Convert.FromBase64String(data[0]!["b64_json"]!.GetValue<string>());
        Assert.That(Support.Png.Size(png), Is.EqualTo((24, 8)));
    }

    [Test]
    public async Task Without_a_server_key_a_Bearer_other_than_secret_is_handed_to_the_providers()
    {
        using (await PostAsync("""{"prompt":"a cat"}""", bearer: "secret"))
        {
        }

        using (await PostAsync("""{"prompt":"a cat","api_key":"in-the-body"}""", bearer: "hf_ignored_when_the_body_has_one"))
        {
        }

        using (await PostAsync("""{"prompt":"a cat"}""", bearer: "hf_users_token"))
        {
        }

        Assert.That(_server.ForwardedProviderCredentials, Is.EqualTo(new[] { "hf_users_token" }));
    }

    [TestCase(null, null, HttpStatusCode.Unauthorized, "G4F API key required")]
    [TestCase("wrong", null, HttpStatusCode.Forbidden, "Invalid G4F API key")]
    [TestCase("the-key", null, HttpStatusCode.OK, null)]
    [TestCase(null, "the-key", HttpStatusCode.OK, null)]
    public async Task With_a_server_key_it_is_required_in_g4f_api_key_or_as_the_Bearer(string? header, string? bearer, HttpStatusCode status, string? message)
    {
        _server.Gpt4FreeApiKey = "the-key";

        using var response = await PostAsync("""{"prompt":"a cat"}""", bearer, header);

        Assert.That(response.StatusCode, Is.EqualTo(status));
        if (message is not null)
        {
            Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>(), Is.EqualTo(message));
        }

        Assert.That(_server.ForwardedProviderCredentials, Is.Empty);
    }

    [Test]
    public async Task With_a_server_key_a_provider_key_after_it_in_the_Bearer_is_handed_on()
    {
        _server.Gpt4FreeApiKey = "the-key";

        using var response = await PostAsync("""{"prompt":"a cat"}""", bearer: "the-key hf_provider_token");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_server.ForwardedProviderCredentials, Is.EqualTo(new[] { "hf_provider_token" }));
    }

    [Test]
    public void Its_error_bodies_carry_the_exception_class_and_no_OpenAI_fields()
    {
        using var body = JsonDocument.Parse(Gpt4FreeErrors.Body("RateLimitError", "Too many requests", model: "flux"));

        Assert.That(body.RootElement.GetRawText(), Is.EqualTo("""{"error":{"message":"RateLimitError: Too many requests"},"model":"flux"}"""));
    }

    private async Task<HttpResponseMessage> PostAsync(string json, string? bearer = null, string? g4fKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseAddress, "/v1/images/generations"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (g4fKey is not null)
        {
            request.Headers.Add("g4f-api-key", g4fKey);
        }

        return await _http.SendAsync(request);
    }
}
