using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FluxImaging.Server.Tests.Support;
using FluxImaging.Testing.Gradio;
using FluxImaging.Testing.Imaging;
using FluxImaging.Testing.OpenAI;
using FluxImaging.Testing.Pollinations;

namespace FluxImaging.Server.Tests;

/// <summary>Every provider package is registered by the server: Pollinations, the Gradio Spaces (presets and configured ones) and named OpenAI-compatible instances.</summary>
[TestFixture]
public sealed class ProviderRegistrationTests
{
    [Test]
    public async Task Pollinations_answers_through_the_generations_route()
    {
        await using var server = await ServerFixture.StartAsync();

        using var response = await PostAsync(server, """{"model":"pollinations","prompt":"a quiet harbour","seed":5,"size":"256x256","response_format":"b64_json"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await JsonAsync(response);
        Assert.That(body.GetProperty("provider").GetString(), Is.EqualTo("Pollinations"));
        Assert.That(Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("b64_json").GetString()!), Is.EqualTo(PollinationsEmulator.Render("a quiet harbour", 5, 256, 256, "flux")));
        Assert.That(server.Emulators!.Pollinations.Generations.Single().Prompt, Is.EqualTo("a quiet harbour"));
    }

    [Test]
    public async Task A_Space_configured_only_by_its_endpoint_and_model_serves_that_model()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.StepDelay = TimeSpan.FromMilliseconds(1);
        // Not --offline: offline, only the Spaces the bundle emulates are registered, never one of the user's own.
        await using var server = await ServerFixture.StartAsync(offline: false, settings:
        [
            $"--FluxImaging:Spaces:MySpace:Endpoint={space.BaseAddress}",
            "--FluxImaging:Spaces:MySpace:Models:0=my-space-model",
            "--FluxImaging:Server:AllowPrivateNetworkDownloads=true",
        ]);

        var models = await server.Http.GetFromJsonAsync<JsonElement>(server.Url("/v1/models"));
        using var response = await PostAsync(server, """{"model":"my-space-model","prompt":"a paper crane","seed":9,"size":"512x512","num_inference_steps":2,"response_format":"b64_json"}""");

        Assert.That(models.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "my-space-model").GetProperty("owned_by").GetString(), Is.EqualTo("MySpace"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await JsonAsync(response);
        Assert.That(body.GetProperty("provider").GetString(), Is.EqualTo("MySpace"));
        Assert.That(Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("b64_json").GetString()!), Is.EqualTo(PngImage.Render("a paper crane", 9, 512, 512)));
        Assert.That(space.Requests.Any(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal)), Is.True, "the job ran on the configured Space");
    }

    [Test]
    public async Task Named_OpenAI_compatible_instances_are_added_without_registering_OpenAI_itself()
    {
        await using var upstream = await OpenAIImagesEmulator.StartAsync();
        await using var server = await ServerFixture.StartAsync(offline: false, settings:
        [
            $"--FluxImaging:Providers:OpenAI:Instances:LocalImages:Endpoint={upstream.BaseAddress}",
            "--FluxImaging:Providers:OpenAI:Instances:LocalImages:Models:0=local-images",
            "--FluxImaging:Server:AllowPrivateNetworkDownloads=true",
        ]);

        var health = await server.Http.GetFromJsonAsync<JsonElement>(server.Url("/health"));
        using var response = await PostAsync(server, """{"model":"local-images","prompt":"a tin robot","response_format":"b64_json"}""");

        var providers = health.GetProperty("providers").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.That(providers, Does.Contain("LocalImages").And.Not.Contain("OpenAI"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await JsonAsync(response)).GetProperty("provider").GetString(), Is.EqualTo("LocalImages"));
        Assert.That(upstream.Requests, Has.Count.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task The_OpenAI_provider_is_still_added_when_its_own_settings_are_given()
    {
        await using var upstream = await OpenAIImagesEmulator.StartAsync();
        await using var server = await ServerFixture.StartAsync(offline: false, settings:
        [
            $"--FluxImaging:Providers:OpenAI:Endpoint={upstream.BaseAddress}",
            "--FluxImaging:Providers:OpenAI:Models:0=main-images",
            $"--FluxImaging:Providers:OpenAI:Instances:LocalImages:Endpoint={upstream.BaseAddress}",
            "--FluxImaging:Providers:OpenAI:Instances:LocalImages:Models:0=local-images",
        ]);

        var health = await server.Http.GetFromJsonAsync<JsonElement>(server.Url("/health"));

        Assert.That(health.GetProperty("providers").EnumerateArray().Select(p => p.GetString()), Is.SupersetOf(new[] { "OpenAI", "LocalImages" }));
    }

    [Test]
    public async Task Offline_the_users_own_Spaces_and_endpoints_are_left_out_so_nothing_reaches_the_network()
    {
        await using var server = await ServerFixture.StartAsync(settings:
        [
            "--FluxImaging:Spaces:MySpace:Endpoint=https://my-space.example",
            "--FluxImaging:Providers:OpenAI:Instances:LocalImages:Endpoint=https://images.example",
        ]);

        var health = await server.Http.GetFromJsonAsync<JsonElement>(server.Url("/health"));

        var providers = health.GetProperty("providers").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.That(providers, Is.SupersetOf(new[] { "BlackForestLabs", "Voodoohop", "ImageLabs", "Pollinations", "SD35Large", "Flux1KontextDev", "Flux1Schnell", "OpenAI" }));
        Assert.That(providers, Has.None.EqualTo("MySpace").And.None.EqualTo("LocalImages"));
    }

    private static Task<HttpResponseMessage> PostAsync(ServerFixture server, string json) =>
        server.Http.PostAsync(server.Url("/v1/images/generations"), new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
