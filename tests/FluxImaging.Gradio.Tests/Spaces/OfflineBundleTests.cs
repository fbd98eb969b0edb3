using FluxImaging.Testing;
using FluxImaging.Testing.Imaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Gradio.Tests.Spaces;

/// <summary>The offline bundle asks the registrations where their settings point and answers with its emulators: no provider names.</summary>
[TestFixture]
public sealed class OfflineBundleTests
{
    private OfflineEmulators _emulators = null!;
    private ServiceProvider _services = null!;
    private FluxImagingBuilder _builder = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _emulators = await OfflineEmulators.StartAsync();
        _emulators.FluxDev.StepDelay = TimeSpan.FromMilliseconds(1);
        _emulators.FluxDev.QueueAhead = 0;
        _emulators.FluxSchnell.RunDelay = TimeSpan.Zero;
        var configuration = new ConfigurationManager();
        var services = new ServiceCollection();
        _builder = services.AddFluxImaging(configuration).AddBlackForestLabs().AddVoodoohop().AddGradioSpaces().AddGradioSpace("Custom", o => o.Endpoint = new Uri("https://custom.example"));
        configuration.AddInMemoryCollection(_emulators.ConfigurationFor(_builder.Providers.Select(p => (p.ConfigurationSection, p.DefaultEndpoints))));
        _services = services.BuildServiceProvider();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _services.DisposeAsync();
        await _emulators.DisposeAsync();
    }

    [Test]
    public void Every_setting_that_defaults_to_an_emulated_service_points_at_its_emulator()
    {
        var configuration = _emulators.ConfigurationFor(_builder.Providers.Select(p => (p.ConfigurationSection, p.DefaultEndpoints)));

        Assert.That(configuration["FluxImaging:Providers:BlackForestLabs:Endpoint"], Is.EqualTo(_emulators.FluxDev.BaseAddress.AbsoluteUri.TrimEnd('/')));
        Assert.That(configuration["FluxImaging:Providers:Voodoohop:Endpoint"], Is.EqualTo(_emulators.FluxSchnell.BaseAddress.AbsoluteUri.TrimEnd('/')));
        Assert.That(configuration["FluxImaging:Spaces:SD35Large:HuggingFaceEndpoint"], Is.EqualTo(_emulators.HuggingFace.BaseAddress.AbsoluteUri.TrimEnd('/')));
        Assert.That(configuration.Keys, Has.None.StartsWith("FluxImaging:Spaces:Custom:Endpoint"), "a configured endpoint is the user's choice, not a default");
    }

    [TestCase("flux-dev")]
    [TestCase("flux-schnell")]
    [TestCase("sd3.5")]
    [TestCase("black-forest-labs-flux-1-schnell")]
    public async Task Each_model_generates_offline(string model)
    {
        var response = await _services.GetRequiredService<FluxImagingClient>().GenerateImageAsync(new ImageRequest("a lighthouse") { Model = model, Width = 256, Height = 256, Steps = 2 });

        Assert.That(ImageFormats.TrySniff((await response.Images[0].ReadAllBytesAsync()).Span, out _, out _), Is.True);
    }

    [Test]
    public async Task Kontext_edits_offline_through_the_Space_id_resolved_by_the_emulated_Hugging_Face_API()
    {
        var photo = PngImage.Render("photo", 1, 24, 24);

        var response = await _services.GetRequiredService<FluxImagingClient>().GenerateImageAsync(new ImageRequest("at night") { Model = "flux-kontext", Seed = 3, InputImages = [new ImageInput(photo, "image/png")] });

        Assert.That((await response.Images[0].ReadAllBytesAsync()).ToArray(), Is.EqualTo(FluxImaging.Testing.Gradio.FluxKontextDevSpace.RenderEdit(photo, "at night", 3)));
    }
}
