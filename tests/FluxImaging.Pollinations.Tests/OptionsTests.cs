using FluxImaging.Pollinations.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluxImaging.Pollinations.Tests;

/// <summary>The settings of <c>FluxImaging:Providers:Pollinations</c>: their defaults, their binding, their checks at start.</summary>
[TestFixture]
public sealed class OptionsTests
{
    [Test]
    public void The_defaults_are_the_public_service_flux_private_and_a_120_second_attempt()
    {
        var options = new PollinationsOptions();

        Assert.That(options.Endpoint, Is.EqualTo(new Uri("https://image.pollinations.ai")));
        Assert.That((options.ApiKey, options.Model, options.Referrer), Is.EqualTo(((string?)null, "flux", (string?)null)));
        Assert.That((options.Private, options.Enhance, options.Safe), Is.EqualTo((true, false, false)));
        Assert.That((options.MaxUrlLength, options.MaxSide), Is.EqualTo((4096, 2048)));
        Assert.That(options.Timeouts.Attempt, Is.EqualTo(TimeSpan.FromSeconds(120)));
        Assert.That(options.UserAgent, Does.Match(@"^FluxImaging\.Pollinations/\d+\.\d+\.\d+$"));
    }

    [Test]
    public async Task Settings_bind_from_configuration_and_binding_another_timeout_keeps_the_attempt_default()
    {
        await using var host = PollinationsHost.Create(configuration: new Dictionary<string, string?>
        {
            ["FluxImaging:Providers:Pollinations:Endpoint"] = "http://127.0.0.1:9/mirror",
            ["FluxImaging:Providers:Pollinations:ApiKey"] = "sk_abc",
            ["FluxImaging:Providers:Pollinations:Model"] = "turbo",
            ["FluxImaging:Providers:Pollinations:Referrer"] = "my-app",
            ["FluxImaging:Providers:Pollinations:Private"] = "false",
            ["FluxImaging:Providers:Pollinations:Enhance"] = "true",
            ["FluxImaging:Providers:Pollinations:Safe"] = "true",
            ["FluxImaging:Providers:Pollinations:MaxUrlLength"] = "2048",
            ["FluxImaging:Providers:Pollinations:MaxSide"] = "1024",
            ["FluxImaging:Providers:Pollinations:UserAgent"] = "my-app/1.0",
            ["FluxImaging:Providers:Pollinations:Timeouts:Idle"] = "00:00:20",
        });

        var options = host.Services.GetRequiredService<IOptionsMonitor<PollinationsOptions>>().Get("Pollinations");

        Assert.That(options.Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:9/mirror")));
        Assert.That((options.ApiKey, options.Model, options.Referrer, options.UserAgent), Is.EqualTo(("sk_abc", "turbo", "my-app", "my-app/1.0")));
        Assert.That((options.Private, options.Enhance, options.Safe, options.MaxUrlLength, options.MaxSide), Is.EqualTo((false, true, true, 2048, 1024)));
        Assert.That((options.Timeouts.Attempt, options.Timeouts.Idle), Is.EqualTo(((TimeSpan?)TimeSpan.FromSeconds(120), (TimeSpan?)TimeSpan.FromSeconds(20))));
    }

    [TestCase("MaxUrlLength", "100", "MaxUrlLength must be between 256 and 16384")]
    [TestCase("MaxUrlLength", "20000", "MaxUrlLength must be between 256 and 16384")]
    [TestCase("MaxSide", "32", "MaxSide must be between 64 and 8192")]
    [TestCase("Model", "flux schnell", "Model must be a model name")]
    [TestCase("Model", "", "Model must be a model name")]
    [TestCase("UserAgent", "", "UserAgent must be a non-empty header value")]
    [TestCase("ApiKey", "sk abc", "ApiKey must be a key without spaces")]
    [TestCase("Referrer", "  ", "Referrer must be a non-empty name")]
    [TestCase("Endpoint", "https://image.pollinations.ai/?key=abc", "Endpoint must have no query or fragment")]
    [TestCase("Endpoint", "ftp://image.pollinations.ai", "Endpoint must be an absolute http or https URL")]
    public async Task A_bad_setting_fails_at_start_naming_its_key(string key, string value, string says)
    {
        await using var host = PollinationsHost.Create(configuration: new Dictionary<string, string?> { [$"FluxImaging:Providers:Pollinations:{key}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Message, Does.Contain($"FluxImaging:Providers:Pollinations:{says}"));
    }

    [Test]
    public async Task Control_characters_in_the_user_agent_are_refused()
    {
        await using var host = PollinationsHost.Create(o => o.UserAgent = "app\r\nX-Injected: 1");

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Message, Does.Contain("UserAgent"));
    }

    [Test]
    public async Task The_defaults_pass_the_checks()
    {
        await using var host = PollinationsHost.Create();

        Assert.DoesNotThrow(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
    }

    [Test]
    public async Task Adding_Pollinations_twice_registers_one_provider_and_one_check()
    {
        await using var host = PollinationsHost.Create(moreProviders: builder => builder.AddPollinations(o => o.Model = "turbo"));

        Assert.That(host.Client.Providers.Count(p => p.Name == "Pollinations"), Is.EqualTo(1));
        Assert.That(host.Services.GetServices<IValidateOptions<PollinationsOptions>>().Count(v => v.GetType().Assembly == typeof(PollinationsOptions).Assembly), Is.EqualTo(1));
        Assert.That(host.Services.GetRequiredService<IOptionsMonitor<PollinationsOptions>>().Get("Pollinations").Model, Is.EqualTo("turbo"));
    }
}
