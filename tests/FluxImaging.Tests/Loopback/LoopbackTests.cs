using FluxImaging.Testing;
using FluxImaging.Testing.Imaging;
using FluxImaging.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Tests.Loopback;

/// <summary>The core plumbing over real loopback sockets: DI, named clients, resilience, idle timeouts, downloads.</summary>
[TestFixture]
public sealed class LoopbackTests
{
    private static readonly byte[] Png = PngImage.Render("a lighthouse at dawn", 7, 32, 24);

    private EmulatorHost _host = null!;
    private ServiceProvider _services = null!;
    private FluxImagingClient _client = null!;
    private string _directory = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await EmulatorHost.StartAsync(routes =>
        {
            routes.MapGet("/image", async context =>
            {
                context.Response.ContentType = "image/png";
                if (context.Request.Query["prompt"] == "silence")
                {
                    // Headers and a first chunk, then nothing: the stream stays open but silent.
                    await context.Response.Body.WriteAsync(Png.AsMemory(0, 8), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return;
                }

                await context.Response.Body.WriteAsync(Png, context.RequestAborted);
            });
        });

        var services = new ServiceCollection();
        services.AddFluxImaging()
            .Configure(o =>
            {
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
                o.Timeouts.Idle = TimeSpan.FromSeconds(1);
                o.Timeouts.Attempt = TimeSpan.FromSeconds(5);
            })
            .AddProvider<LoopbackProvider, LoopbackOptions>(LoopbackProvider.ProviderName, o => o.Endpoint = _host.BaseAddress);
        _services = services.BuildServiceProvider(validateScopes: true);
        _client = _services.GetRequiredService<FluxImagingClient>();
        _directory = Directory.CreateTempSubdirectory("fluximaging-loopback-").FullName;
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task An_image_is_generated_through_DI_and_real_sockets()
    {
        var response = await _client.GenerateImageAsync("a lighthouse at dawn", "loop");

        Assert.That(response.Provider, Is.EqualTo("Loopback"));
        Assert.That((await response.Images[0].ReadAllBytesAsync()).ToArray(), Is.EqualTo(Png));
        Assert.That(_host.Requests.Single().Query, Does.Contain("prompt=a%20lighthouse%20at%20dawn"));
    }

    [Test]
    public async Task A_503_is_retried_and_the_image_still_arrives()
    {
        _host.Faults.Add("GET", "/image", Fault.Status(503, """{"detail":"Queue is stopped."}"""));

        var response = await _client.GenerateImageAsync("a cat", "loop");

        Assert.That(response.Images, Has.Count.EqualTo(2));
        Assert.That(_host.Requests.Count(r => r.Path == "/image"), Is.EqualTo(2));
    }

    [Test]
    public void A_429_that_outlasts_the_retry_budget_is_a_rate_limit_error_with_its_Retry_After()
    {
        _host.Faults.Add("GET", "/image", Fault.Status(429, """{"error":"Too many requests"}""", headers: new Dictionary<string, string> { ["Retry-After"] = "3600" }));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _client.GenerateImageAsync("a cat", "loop"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.RateLimited));
        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(error.Status, Is.EqualTo(429));
        Assert.That(_host.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_connection_cut_on_every_attempt_is_an_unavailable_error()
    {
        _host.Faults.Add("GET", "/image", Fault.Abort(), times: int.MaxValue);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _client.GenerateImageAsync("a cat", "loop"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamUnavailable));
        Assert.That(_host.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public void A_stream_that_goes_silent_ends_with_a_timeout_error()
    {
        var error = Assert.ThrowsAsync<FluxImagingException>(() => _client.GenerateImageAsync("silence", "loop"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.Timeout));
        Assert.That(error.Message, Does.Contain("idle"));
        Assert.That(error.Provider, Is.EqualTo("Loopback"));
    }

    [Test]
    public async Task A_provider_image_downloads_through_the_providers_client_and_saves_as_png()
    {
        var response = await _client.GenerateImageAsync("a cat", "loopback-model");

        var path = await response.Images[1].SaveAsync(_directory);

        Assert.That(Path.GetExtension(path), Is.EqualTo(".png"));
        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(Png));
    }

    [Test]
    public async Task Frames_split_into_single_bytes_still_arrive_whole()
    {
        _host.Faults.Add("GET", "/image", Fault.TinyChunks(1));

        var response = await _client.GenerateImageAsync("a cat", "loop");

        Assert.That((await response.Images[0].ReadAllBytesAsync()).ToArray(), Is.EqualTo(Png));
    }
}
