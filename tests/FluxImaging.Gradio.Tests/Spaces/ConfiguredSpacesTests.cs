using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluxImaging.Gradio.Tests.Spaces;

/// <summary><c>AddGradioSpaces()</c> turns each <c>FluxImaging:Spaces:&lt;Name&gt;</c> section into a provider; a bad section is a bad setting.</summary>
[TestFixture]
public sealed class ConfiguredSpacesTests
{
    [Test]
    public void Each_section_is_a_provider_of_its_name_beside_the_presets()
    {
        var builder = Builder(("FluxImaging:Spaces:MySpace:Endpoint", "https://my-space.example"));

        Assert.That(builder.Providers.Select(p => (p.Name, p.ConfigurationSection)), Is.SupersetOf(new[]
        {
            ("MySpace", "FluxImaging:Spaces:MySpace"),
            ("SD35Large", "FluxImaging:Spaces:SD35Large"),
            ("Flux1KontextDev", "FluxImaging:Spaces:Flux1KontextDev"),
            ("Flux1Schnell", "FluxImaging:Spaces:Flux1Schnell"),
        }));
    }

    [Test]
    public void Sections_that_cannot_be_providers_fail_start_up_together_each_naming_its_key()
    {
        var builder = Builder(
            ("FluxImaging:Spaces:my space:Endpoint", "https://a.example"),
            ("FluxImaging:Spaces:BlackForestLabs:Endpoint", "https://b.example"),
            ("FluxImaging:Spaces:Fine:Endpoint", "https://c.example"));
        using var services = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Failures, Is.EquivalentTo(new[]
        {
            "FluxImaging:Spaces:my space: a Space's name becomes a provider name; use letters, digits, '-', '_' or '.', starting with a letter or digit.",
            "FluxImaging:Spaces:BlackForestLabs: the provider name 'BlackForestLabs' is taken by the provider configured at FluxImaging:Providers:BlackForestLabs; give the Space another name.",
        }));
        Assert.That(builder.Providers.Select(p => p.Name), Does.Contain("Fine"), "the good sections still register");
    }

    private static FluxImagingBuilder Builder(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        return new ServiceCollection().AddFluxImaging(configuration).AddBlackForestLabs().AddGradioSpaces();
    }
}
