using FluxImaging.Testing;
using FluxImaging.Testing.OpenAI;
using FluxImaging.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.OpenAI.Tests.Hostile;

/// <summary>
/// Issue 11's hostile upstream for OpenAI-compatible endpoints over real sockets: a gzip bomb as the answer or as the
/// image ends as a typed error naming the limit, having allocated a few times the limit.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostileOpenAITests
{
    private const long ResponseLimit = 1024 * 1024;
    private const long ImageLimit = 2L * 1024 * 1024;

    private OpenAIImagesEmulator _server = null!;
    private ServiceProvider _services = null!;

    private FluxImagingClient Client => _services.GetRequiredService<FluxImagingClient>();

    [SetUp]
    public async Task SetUp()
    {
        _server = await OpenAIImagesEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddFluxImaging()
            .Configure(o =>
            {
                o.Retry.MaxAttempts = 1;
                o.Limits.ImageBytes = ImageLimit;
            })
            .AddOpenAICompatible(o =>
            {
                o.Endpoint = _server.BaseAddress;
                o.MaxResponseBytes = ResponseLimit;
            });
        _services = services.BuildServiceProvider();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task A_gzip_bomb_as_the_answer_is_cut_at_MaxResponseBytes()
    {
        _server.Host.Faults.Add("POST", "/images/generations", Fault.GzipBomb(1L << 30, prefix: "{\"created\":1,\"data\":[{\"b64_json\":\"", repeated: "QUFB", suffix: "\"}]}"));

        var (error, allocated) = await Allocations.FailureOfAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "dall-e-3"));

        Assert.That((error.Kind, error.Message.Contains("(MaxResponseBytes)", StringComparison.Ordinal)), Is.EqualTo((FluxImagingErrorKind.ProtocolViolation, true)), error.Message);
        Assert.That(allocated, Is.LessThan(4 * ResponseLimit + Allocations.FixedCost), Allocations.Describe(allocated));
    }

    [Test]
    public async Task A_gzip_bomb_as_the_image_is_cut_at_the_image_limit()
    {
        _server.Host.Faults.Add("GET", "/media/", Fault.GzipBomb(1L << 30, "image/png", prefix: "\u0089PNG", repeated: "\0", suffix: string.Empty));
        var response = await Client.GenerateImageAsync("a cat", "dall-e-3");

        var (error, allocated) = await Allocations.FailureOfAsync<FluxImagingException>(async () => await response.Images[0].ReadAllBytesAsync());

        Assert.That((error.Kind, error.Message), Is.EqualTo((FluxImagingErrorKind.ProtocolViolation, "The image exceeded the limit of 2 MiB (Limits:ImageBytes).")));
        Assert.That(allocated, Is.LessThan(4 * ImageLimit + Allocations.FixedCost), Allocations.Describe(allocated));
    }
}
