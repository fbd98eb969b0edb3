using FluxImaging.Testing;
using FluxImaging.Testing.Gradio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluxImaging.Gradio.Tests;

/// <summary>
/// <c>AddGradioClient</c>: a Gradio app used directly, like <c>gradio_client.Client("owner/name")</c>, registered by name
/// from configuration, with a provider's HTTP pipeline and outside routing. Real sockets.
/// </summary>
[TestFixture]
public sealed class GradioClientRegistrationTests
{
    private StableDiffusion35LargeSpace _space = null!;
    private HuggingFaceHub _hub = null!;

    [SetUp]
    public async Task SetUp()
    {
        _space = await StableDiffusion35LargeSpace.StartAsync();
        _space.FinalSize = 16;
        _hub = await HuggingFaceHub.StartAsync();
        _hub.AddSpace(_space);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _space.DisposeAsync();
        await _hub.DisposeAsync();
    }

    [Test]
    public async Task A_client_configured_by_Space_id_finds_the_app_through_the_Hugging_Face_API_and_runs_a_named_endpoint()
    {
        await using var services = Build(new()
        {
            ["FluxImaging:Gradio:Sd:Space"] = StableDiffusion35LargeSpace.Id,
            ["FluxImaging:Gradio:Sd:HuggingFaceEndpoint"] = _hub.BaseAddress.AbsoluteUri,
        });
        var client = services.GetRequiredKeyedService<GradioClient>("Sd");
        Assert.That(client.Endpoint, Is.Null, "nothing is asked before the first call");

        var updates = new List<GradioUpdate>();
        await foreach (var update in client.SubmitAsync("/infer", new Dictionary<string, object?> { ["prompt"] = "a cat", ["negative_prompt"] = "", ["seed"] = 7, ["randomize_seed"] = false }))
        {
            updates.Add(update);
        }

        Assert.That(client.Endpoint, Is.EqualTo(_space.BaseAddress));
        Assert.That(_hub.Requests.Select(r => r.Path), Does.Contain($"/api/spaces/{StableDiffusion35LargeSpace.Id}/host"));
        var completed = updates.Single(u => u.Kind == GradioUpdateKind.Completed);
        Assert.That(completed.Outputs, Has.Count.EqualTo(2));
        Assert.That(completed.Outputs![1]!.GetValue<double>(), Is.EqualTo(7), "the seed output echoes the named input");
        var app = await client.GetAppAsync();
        Assert.That(client.Image(app, completed.Outputs[0]), Is.Not.Null);
    }

    [Test]
    public async Task The_Hugging_Face_token_goes_to_the_app_host_and_the_Hugging_Face_API_only()
    {
        await using var services = Build(new()
        {
            ["FluxImaging:Gradio:Sd:Space"] = StableDiffusion35LargeSpace.Id,
            ["FluxImaging:Gradio:Sd:HuggingFaceEndpoint"] = _hub.BaseAddress.AbsoluteUri,
            ["FluxImaging:Gradio:Sd:HuggingFaceToken"] = "hf_user_secret",
        });
        var client = services.GetRequiredKeyedService<GradioClient>("Sd");

        var outputs = await client.PredictAsync(new GradioSubmission("/infer", ["a cat", "", 1, false, 512, 512, 4.5, 4]));

        Assert.That(outputs, Has.Count.EqualTo(2));
        Assert.That(_space.Requests.Select(r => r.Header("X-HF-Authorization")), Has.All.EqualTo("Bearer hf_user_secret").And.Not.Empty);
        Assert.That(_hub.Requests.Select(r => r.Header("Authorization")), Has.All.EqualTo("Bearer hf_user_secret"));
        Assert.That(_hub.Requests.Select(r => r.Header("X-HF-Authorization")), Has.All.Null);
    }

    [Test]
    public async Task A_client_with_an_endpoint_asks_the_Hugging_Face_API_nothing_and_code_can_override_configuration()
    {
        await using var services = Build(
            new() { ["FluxImaging:Gradio:Sd:Endpoint"] = "http://127.0.0.1:9/" },
            builder => builder.AddGradioClient("Sd", o => o.Endpoint = _space.BaseAddress));
        var client = services.GetRequiredKeyedService<GradioClient>("Sd");

        var info = await client.GetApiInfoAsync();

        Assert.That(info.Endpoint("/infer"), Is.Not.Null);
        Assert.That(_hub.Requests, Is.Empty);
        Assert.That(services.GetRequiredService<FluxImagingClient>().Providers.Select(p => p.Name), Does.Not.Contain("Sd"), "a client takes no part in routing");
    }

    [Test]
    public async Task A_hostile_host_answer_fails_that_call_only_and_the_next_call_asks_again()
    {
        _hub.Host.Faults.Add("GET", "/host", Fault.GzipBomb(prefix: "{\"host\":\""));
        await using var services = Build(new()
        {
            ["FluxImaging:Gradio:Sd:Space"] = StableDiffusion35LargeSpace.Id,
            ["FluxImaging:Gradio:Sd:HuggingFaceEndpoint"] = _hub.BaseAddress.AbsoluteUri,
            ["FluxImaging:Gradio:Sd:Limits:JsonBytes"] = "65536",
        });
        var client = services.GetRequiredKeyedService<GradioClient>("Sd");

        var error = Assert.ThrowsAsync<FluxImagingException>(() => client.GetApiInfoAsync());
        var info = await client.GetApiInfoAsync();

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
        Assert.That(info.Endpoint("/infer"), Is.Not.Null);
        Assert.That(client.Endpoint, Is.EqualTo(_space.BaseAddress));
    }

    [TestCase("not-an-id")]
    [TestCase("owner/../etc")]
    [TestCase("owner/name?x=1")]
    public void A_malformed_Space_id_fails_at_start_up_naming_the_key(string space)
    {
        var error = Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var services = Build(new() { ["FluxImaging:Gradio:Sd:Space"] = space });
        });

        Assert.That(error!.Failures, Has.Some.StartsWith("FluxImaging:Gradio:Sd:Space must be a Hugging Face Space id"));
    }

    [Test]
    public void A_client_without_an_endpoint_or_a_Space_fails_at_start_up()
    {
        var error = Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var services = Build([]);
        });

        Assert.That(error!.Failures, Has.Some.Contains("FluxImaging:Gradio:Sd:Endpoint"));
    }

    [Test]
    public void A_client_and_a_provider_cannot_share_a_name_either_way()
    {
        var services = new ServiceCollection();
        var builder = services.AddFluxImaging().AddGradioSpace("Mine", o => o.Endpoint = _space.BaseAddress);

        Assert.That(() => builder.AddGradioClient("mine"), Throws.InvalidOperationException.With.Message.Contains("already names a provider"));

        builder.AddGradioClient("Other", o => o.Endpoint = _space.BaseAddress);
        Assert.That(() => builder.AddGradioSpace("Other"), Throws.InvalidOperationException.With.Message.Contains("already names an upstream"));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<FluxImagingBuilder>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        var builder = services.AddFluxImaging(configuration).AddGradioClient("Sd");
        more?.Invoke(builder);
        var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }
}
