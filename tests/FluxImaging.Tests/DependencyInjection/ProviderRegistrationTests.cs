using System.Net;
using FluxImaging.Providers;
using FluxImaging.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace FluxImaging.Tests.DependencyInjection;

/// <summary>What AddProvider gives every provider: its own name, its own retries, and logs that do not leak its paths.</summary>
[TestFixture]
public sealed class ProviderRegistrationTests
{
    [Test]
    public void A_second_provider_type_under_a_taken_name_is_refused_at_registration()
    {
        var builder = new ServiceCollection().AddFluxImaging().AddProvider<LoopbackProvider, LoopbackOptions>("Shared");

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddProvider<ScriptedLoopback, LoopbackOptions>("shared"));

        Assert.That(error!.Message, Does.Contain("'Shared' is already registered"));
    }

    [Test]
    public async Task A_provider_has_its_own_retry_settings()
    {
        using var http = new MockHttpMessageHandler();
        var busy = http.When("http://loop.test/image").Respond(HttpStatusCode.ServiceUnavailable);
        await using var services = Build(http, o => o.Retry.MaxAttempts = 1);

        Assert.ThrowsAsync<FluxImagingException>(() => services.GetRequiredService<FluxImagingClient>().GenerateImageAsync("a cat", "loop"));

        Assert.That(http.GetMatchCount(busy), Is.EqualTo(1), "the shared three attempts do not apply");
    }

    [Test]
    public async Task A_retried_request_is_logged_by_its_operation_name_never_by_a_path_that_carries_the_prompt()
    {
        using var http = new MockHttpMessageHandler();
        http.Expect("http://loop.test/image").Respond(HttpStatusCode.ServiceUnavailable);
        http.Expect("http://loop.test/image").Respond("image/png", "\u0089PNG");
        var logs = new CapturingLoggerProvider();
        await using var services = Build(http, configure: null, logs);
        var upstream = services.GetRequiredKeyedService<UpstreamHttp>(LoopbackProvider.ProviderName);

        using var request = new HttpRequestMessage(HttpMethod.Get, "http://loop.test/image?prompt=my%20secret%20prompt");
        request.Options.Set(UpstreamHttp.Operation, "GET /image?prompt={prompt}");
        using var response = await upstream.SendAsync(request);

        var retry = logs.Messages.Single(m => m.Contains("retrying", StringComparison.Ordinal));
        Assert.That(retry, Does.Contain("GET /image?prompt={prompt}").And.Not.Contain("secret"));
    }

    [Test]
    public async Task An_upstream_gets_bound_options_and_its_own_pipeline_but_takes_no_part_in_routing()
    {
        using var http = new MockHttpMessageHandler();
        var busy = http.When("http://side.test/ping").Respond(HttpStatusCode.ServiceUnavailable);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Side:Endpoint"] = "http://side.test", ["Side:Retry:MaxAttempts"] = "2" })
            .Build();
        var services = new ServiceCollection();
        var builder = services.AddFluxImaging(configuration)
            .Configure(o => o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1))
            .AddUpstream<LoopbackOptions>("Side", "Side", static (section, options) => section.Bind(options));
        services.AddHttpClient("FluxImaging.Side").ConfigurePrimaryHttpMessageHandler(() => http);
        await using var provider = services.BuildServiceProvider();

        var context = provider.GetRequiredKeyedService<ImageProviderContext<LoopbackOptions>>("Side");
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://side.test/ping");
        using var response = await context.Http.SendAsync(request);

        Assert.That(context.Options.Endpoint, Is.EqualTo(new Uri("http://side.test")));
        Assert.That(http.GetMatchCount(busy), Is.EqualTo(2), "its own Retry:MaxAttempts");
        Assert.That(builder.IsRegistered("side"), Is.True);
        Assert.That(provider.GetRequiredService<FluxImagingClient>().Providers, Is.Empty);
    }

    [Test]
    public void An_upstream_and_a_provider_cannot_share_a_name_in_either_order()
    {
        var builder = new ServiceCollection().AddFluxImaging().AddProvider<LoopbackProvider, LoopbackOptions>("Shared");

        Assert.That(
            () => builder.AddUpstream<LoopbackOptions>("shared", "Side", static (section, options) => section.Bind(options)),
            Throws.InvalidOperationException.With.Message.Contains("already names a provider"));

        builder.AddUpstream<LoopbackOptions>("Side", "Side", static (section, options) => section.Bind(options));
        Assert.That(() => builder.AddProvider<ScriptedLoopback, LoopbackOptions>("SIDE"), Throws.InvalidOperationException.With.Message.Contains("already names an upstream"));
    }

    private static ServiceProvider Build(MockHttpMessageHandler http, Action<LoopbackOptions>? configure, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        if (logs is not null)
        {
            services.AddLogging(l => l.AddProvider(logs));
        }

        services.AddFluxImaging()
            .Configure(o => o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1))
            .AddProvider<LoopbackProvider, LoopbackOptions>(LoopbackProvider.ProviderName, o =>
            {
                o.Endpoint = new Uri("http://loop.test");
                configure?.Invoke(o);
            });
        services.AddHttpClient($"FluxImaging.{LoopbackProvider.ProviderName}").ConfigurePrimaryHttpMessageHandler(() => http);
        return services.BuildServiceProvider();
    }

    /// <summary>Another provider type, to collide with the first one's name.</summary>
    private sealed class ScriptedLoopback(ImageProviderContext<LoopbackOptions> context) : IImageProvider
    {
        public string Name => context.Name;

        public string Label => Name;

        public ImageProviderModels Models { get; } = new("scripted-loopback");

        public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Only registered, never run.");
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public IReadOnlyList<string> Messages => [.. _messages];

        public ILogger CreateLogger(string categoryName) => new Logger(_messages);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
