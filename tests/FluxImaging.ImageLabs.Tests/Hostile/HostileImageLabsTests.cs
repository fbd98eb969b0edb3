using FluxImaging.Testing;
using FluxImaging.Testing.ImageLabs;
using FluxImaging.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.ImageLabs.Tests.Hostile;

/// <summary>
/// Issue 11's hostile upstream for ImageLabs over real sockets: gzip bombs as the submit answer, as a poll answer and
/// as the image end as typed errors naming the limit, having allocated a few times the limit, not the gibibyte sent.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostileImageLabsTests
{
    private const long JsonLimit = 64 * 1024;
    private const long ImageLimit = 2L * 1024 * 1024;

    private ImageLabsEmulator _labs = null!;
    private ServiceProvider _services = null!;

    private FluxImagingClient Client => _services.GetRequiredService<FluxImagingClient>();

    [SetUp]
    public async Task SetUp()
    {
        _labs = await ImageLabsEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddFluxImaging()
            .Configure(o =>
            {
                o.Retry.MaxAttempts = 1;
                o.Limits.JsonBytes = JsonLimit;
                o.Limits.ImageBytes = ImageLimit;
            })
            .AddImageLabs(o =>
            {
                o.Endpoint = _labs.BaseAddress;
                o.PollInterval = TimeSpan.FromMilliseconds(10);
            });
        _services = services.BuildServiceProvider();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _labs.DisposeAsync();
    }

    [TestCase("/txt2img")]
    [TestCase("/progress")]
    public async Task A_gzip_bomb_as_a_JSON_answer_is_cut_at_the_JSON_limit(string path)
    {
        _labs.Host.Faults.Add("POST", path, Fault.GzipBomb(1L << 30, prefix: "{\"task_id\":\""));

        var (error, allocated) = await Allocations.FailureOfAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "sdxl-turbo"));

        Assert.That((error.Kind, error.Message), Is.EqualTo((FluxImagingErrorKind.ProtocolViolation, $"The answer to POST {path} exceeded the limit of 64 KiB (Limits:JsonBytes).")));
        Assert.That(allocated, Is.LessThan(4 * JsonLimit + Allocations.FixedCost), Allocations.Describe(allocated));
    }

    [Test]
    public async Task A_gzip_bomb_as_the_image_is_cut_at_the_image_limit()
    {
        _labs.Host.Faults.Add("GET", "/images/", Fault.GzipBomb(1L << 30, "image/png", prefix: "\u0089PNG", repeated: "\0", suffix: string.Empty));
        var response = await Client.GenerateImageAsync("a cat", "sdxl-turbo");

        var (error, allocated) = await Allocations.FailureOfAsync<FluxImagingException>(async () => await response.Images[0].ReadAllBytesAsync());

        Assert.That((error.Kind, error.Message), Is.EqualTo((FluxImagingErrorKind.ProtocolViolation, "The image exceeded the limit of 2 MiB (Limits:ImageBytes).")));
        Assert.That(allocated, Is.LessThan(4 * ImageLimit + Allocations.FixedCost), Allocations.Describe(allocated));
    }
}
