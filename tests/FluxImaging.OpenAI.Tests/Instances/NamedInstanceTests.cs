using System.Text;
using FluxImaging.OpenAI.Tests.Support;
using FluxImaging.Testing.OpenAI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluxImaging.OpenAI.Tests.Instances;

/// <summary>Several OpenAI-compatible endpoints at once: <c>FluxImaging:Providers:OpenAI:Instances:&lt;Name&gt;</c>.</summary>
[TestFixture]
public sealed class NamedInstanceTests
{
    private OpenAIImagesEmulator _g4f = null!;
    private OpenAIImagesEmulator _openAI = null!;

    [SetUp]
    public async Task SetUp()
    {
        _g4f = await OpenAIImagesEmulator.StartGpt4FreeAsync(apiKey: "key-of-g4f");
        _openAI = await OpenAIImagesEmulator.StartAsync();
        _openAI.RequiredApiKey = "key-of-openai";
    }

    [TearDown]
    public async Task TearDown()
    {
        await _g4f.DisposeAsync();
        await _openAI.DisposeAsync();
    }

    [Test]
    public async Task Two_instances_each_send_only_their_own_key_only_to_their_own_host()
    {
        await using var services = OpenAIHost.Build(TwoInstances(), b => b.AddOpenAICompatibleInstances());

        var fromG4F = await services.Client().GenerateImageAsync(new ImageRequest("a cat") { Model = "flux-g4f", Width = 16, Height = 16 });
        var fromOpenAI = await services.Client().GenerateImageAsync(new ImageRequest("a dog") { Model = "dall-e-3" });
        await fromG4F.Images.Single().ReadAllBytesAsync();
        await fromOpenAI.Images.Single().ReadAllBytesAsync();

        Assert.That((fromG4F.Provider, fromOpenAI.Provider), Is.EqualTo(("LocalG4F", "Cloud")));
        var g4fPost = _g4f.Requests.Single(r => r.Method == "POST");
        var openAIPost = _openAI.Requests.Single(r => r.Method == "POST");
        Assert.That((g4fPost.Header("g4f-api-key"), g4fPost.Header("Authorization")), Is.EqualTo(("key-of-g4f", (string?)null)));
        Assert.That((openAIPost.Header("Authorization"), openAIPost.Header("g4f-api-key")), Is.EqualTo(("Bearer key-of-openai", (string?)null)));
        Assert.That(_g4f.Requests.SelectMany(r => r.Headers.Values), Has.None.Contains("key-of-openai"), "the other key never reached this host");
        Assert.That(_openAI.Requests.SelectMany(r => r.Headers.Values), Has.None.Contains("key-of-g4f"), "the other key never reached this host");
        Assert.That(_g4f.ForwardedProviderCredentials, Is.Empty);
    }

    [Test]
    public async Task The_provider_OpenAI_keeps_its_section_beside_the_instances()
    {
        var settings = TwoInstances();
        settings["FluxImaging:Providers:OpenAI:Endpoint"] = _openAI.BaseAddress.AbsoluteUri;
        settings["FluxImaging:Providers:OpenAI:ApiKey"] = "key-of-openai";
        settings["FluxImaging:Providers:OpenAI:Models:0"] = "gpt-image-1";
        await using var services = OpenAIHost.Build(settings, b => b.AddOpenAICompatible().AddOpenAICompatibleInstances());

        var response = await services.Client().GenerateImageAsync(new ImageRequest("a cat") { Model = "gpt-image-1" });

        // Instances come in the order of their names, as configuration lists them.
        Assert.That(services.Client().Providers.Select(p => p.Name), Is.EqualTo(new[] { "OpenAI", "Cloud", "LocalG4F" }));
        Assert.That(response.Provider, Is.EqualTo("OpenAI"));
        var options = services.GetRequiredService<IOptionsMonitor<OpenAICompatibleOptions>>();
        Assert.That(options.Get("OpenAI").Models, Is.EqualTo(new[] { "gpt-image-1" }), "no instance setting leaked into it");
        Assert.That(options.Get("LocalG4F").Dialect, Is.EqualTo(OpenAIDialect.G4F));
        Assert.That(services.GetServices<ImageProviderRegistration>().Select(r => r.ConfigurationSection), Is.EqualTo(new[]
        {
            "FluxImaging:Providers:OpenAI",
            "FluxImaging:Providers:OpenAI:Instances:Cloud",
            "FluxImaging:Providers:OpenAI:Instances:LocalG4F",
        }));
    }

    [Test]
    public async Task An_instance_inherits_nothing_from_the_provider_OpenAI()
    {
        await using var services = OpenAIHost.Build(
            new Dictionary<string, string?>
            {
                ["FluxImaging:Providers:OpenAI:Endpoint"] = _openAI.BaseAddress.AbsoluteUri,
                ["FluxImaging:Providers:OpenAI:ApiKey"] = "key-of-openai",
                ["FluxImaging:Providers:OpenAI:Instances:Bare:Endpoint"] = _g4f.BaseAddress.AbsoluteUri,
                ["FluxImaging:Providers:OpenAI:Instances:Bare:Dialect"] = "g4f",
            },
            b => b.AddOpenAICompatible().AddOpenAICompatibleInstances());

        var options = services.GetRequiredService<IOptionsMonitor<OpenAICompatibleOptions>>().Get("Bare");

        Assert.That(options.ApiKey, Is.Null);
        Assert.That(services.Client().ResolveProviders("flux").Single().Name, Is.EqualTo("Bare"));
    }

    [Test]
    public async Task Each_instance_has_its_own_named_HttpClient()
    {
        var counted = new List<string>();
        await using var services = OpenAIHost.Build(TwoInstances(), b => b
            .AddOpenAICompatibleInstances()
            .ConfigureHttpClient("Cloud", client => client.AddHttpMessageHandler(() => new CountingHandler(counted))));

        await services.Client().GenerateImageAsync(new ImageRequest("a cat") { Model = "flux-g4f", Width = 16, Height = 16 });
        await services.Client().GenerateImageAsync(new ImageRequest("a dog") { Model = "dall-e-3" });

        Assert.That(counted, Is.EqualTo(new[] { _openAI.BaseAddress.Authority }), "only Cloud's client has the handler");
    }

    [Test]
    public async Task Aliases_route_to_the_instances_by_their_priority_and_a_failure_hands_over_to_the_next()
    {
        var settings = TwoInstances();
        settings["FluxImaging:Providers:OpenAI:Instances:LocalG4F:Aliases:any-image"] = "200";
        settings["FluxImaging:Providers:OpenAI:Instances:Cloud:Aliases:any-image"] = "100";
        await using var services = OpenAIHost.Build(settings, b => b.AddOpenAICompatibleInstances());
        _g4f.Host.Faults.Add("POST", "/images/generations", Gpt4FreeErrors.Fault("ResponseError", "You have exceeded your GPU quota (60s requested vs. 56s left)."));

        var response = await services.Client().GenerateImageAsync(new ImageRequest("a cat") { Model = "any-image" });

        Assert.That(services.Client().ResolveProviders("any-image").Select(p => p.Name), Is.EqualTo(new[] { "LocalG4F", "Cloud" }));
        Assert.That(response.Provider, Is.EqualTo("Cloud"));
        Assert.That(response.Model, Is.EqualTo("dall-e-3"), "an alias runs the instance's default model");
    }

    [Test]
    public async Task An_instance_added_in_code_binds_from_its_instance_section()
    {
        await using var services = OpenAIHost.Build(
            new Dictionary<string, string?>
            {
                ["FluxImaging:Providers:OpenAI:Instances:Mine:Dialect"] = "G4F",
                ["FluxImaging:Providers:OpenAI:Instances:Mine:ApiKey"] = "key-of-g4f",
            },
            b => b.AddOpenAICompatible("Mine", o => o.Endpoint = _g4f.BaseAddress));

        var response = await services.Client().GenerateImageAsync(new ImageRequest("a cat") { Provider = "Mine", Width = 16, Height = 16 });

        Assert.That(response.Provider, Is.EqualTo("Mine"));
        Assert.That(_g4f.Requests.Single(r => r.Method == "POST").Header("g4f-api-key"), Is.EqualTo("key-of-g4f"));
    }

    [Test]
    public async Task Without_configured_instances_nothing_is_added()
    {
        await using var services = OpenAIHost.Build(new Dictionary<string, string?>(), b => b.AddOpenAICompatibleInstances());

        Assert.That(services.GetServices<ImageProviderRegistration>(), Is.Empty);
    }

    [Test]
    public async Task The_READMEs_example_configures_OpenAI_and_one_gpt4free_instance()
    {
        const string json = """
            { "FluxImaging": { "Providers": { "OpenAI": {
              "ApiKey": "sk-…",
              "Instances": {
                "LocalG4F": { "Endpoint": "http://127.0.0.1:1337", "Dialect": "g4f", "Models": [ "flux-dev" ], "Aliases": { "flux": 100 } }
              }
            } } } }
            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        await using var services = OpenAIHost.Build(new ConfigurationBuilder().AddJsonStream(stream).Build(), b => b.AddOpenAICompatible().AddOpenAICompatibleInstances());

        var options = services.GetRequiredService<IOptionsMonitor<OpenAICompatibleOptions>>();
        var local = services.Client().Providers.Single(p => p.Name == "LocalG4F");
        Assert.DoesNotThrow(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.That((options.Get("OpenAI").ApiKey, options.Get("LocalG4F").ApiKey), Is.EqualTo(("sk-…", (string?)null)));
        Assert.That((options.Get("LocalG4F").Dialect, local.Models.DefaultModel, local.Models.PriorityOf("flux")), Is.EqualTo((OpenAIDialect.G4F, "flux-dev", 100)));
    }

    private Dictionary<string, string?> TwoInstances() => new()
    {
        ["FluxImaging:Providers:OpenAI:Instances:LocalG4F:Endpoint"] = _g4f.BaseAddress.AbsoluteUri,
        ["FluxImaging:Providers:OpenAI:Instances:LocalG4F:Dialect"] = "g4f",
        ["FluxImaging:Providers:OpenAI:Instances:LocalG4F:ApiKey"] = "key-of-g4f",
        ["FluxImaging:Providers:OpenAI:Instances:LocalG4F:Models:0"] = "flux-g4f",
        ["FluxImaging:Providers:OpenAI:Instances:Cloud:Endpoint"] = _openAI.BaseAddress.AbsoluteUri,
        ["FluxImaging:Providers:OpenAI:Instances:Cloud:ApiKey"] = "key-of-openai",
        ["FluxImaging:Providers:OpenAI:Instances:Cloud:Models:0"] = "dall-e-3",
    };

    private sealed class CountingHandler(List<string> authorities) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (authorities)
            {
                if (request.Method == HttpMethod.Post)
                {
                    authorities.Add(request.RequestUri!.Authority);
                }
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
