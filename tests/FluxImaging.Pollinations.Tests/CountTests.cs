using FluxImaging.Pollinations.Tests.Support;
using FluxImaging.Testing.Pollinations;

namespace FluxImaging.Pollinations.Tests;

/// <summary><c>Count</c> images are that many requests, one after another, with consecutive seeds.</summary>
[TestFixture]
public sealed class CountTests : EmulatedServiceFixture
{
    [Test]
    public async Task Three_images_are_three_requests_with_seeds_s_s1_s2_in_one_response()
    {
        var response = await Host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 7, Count = 3 });

        Assert.That(Service.Generations.Select(g => g.Parameter("seed")), Is.EqualTo(new[] { "7", "8", "9" }));
        Assert.That(response.Images.Select(i => i.Data!.Value.ToArray()), Is.EqualTo(new[]
        {
            PollinationsEmulator.Render("a cat", 7, 64, 64, "flux"),
            PollinationsEmulator.Render("a cat", 8, 64, 64, "flux"),
            PollinationsEmulator.Render("a cat", 9, 64, 64, "flux"),
        }));
        Assert.That(response.Seed, Is.EqualTo(7), "the first seed; image k used seed + k");
    }

    [Test]
    public async Task The_next_request_waits_for_the_previous_answer()
    {
        Service.FailNext(PollinationsFault.SilentWait);

        var generation = Host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 7, Count = 2 });
        await Service.WaitForGenerationAsync();

        Assert.That(Service.Generations, Has.Count.EqualTo(1), "one request at a time, as the per-IP queue wants");
        Service.EndSilentWaits();
        var response = await generation;
        Assert.That(response.Images, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Events_name_each_image_in_turn()
    {
        var (events, _) = await Host.RunAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 7, Count = 2 });

        var reasoning = events.OfType<Reasoning>().ToList();
        Assert.That(reasoning.Select(r => r.Status), Is.EqualTo(new[]
        {
            "Queued at Pollinations (image 1 of 2)",
            "Generating (image 1 of 2)",
            "Queued at Pollinations (image 2 of 2)",
            "Generating (image 2 of 2)",
        }));
        Assert.That(reasoning.Select(r => r.Fraction), Is.EqualTo(new double?[] { 0, 0, 0.5, 0.5 }));
        Assert.That(events.OfType<ImageResponse>().Single().Images, Has.Count.EqualTo(2));
        Assert.That(events[^1], Is.InstanceOf<ImageResponse>());
    }

    [Test]
    public async Task A_failure_before_any_image_is_the_providers_failure()
    {
        Service.FailNext(PollinationsFault.Unauthorized);

        var (events, error) = await Host.RunAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 7, Count = 3 });

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.Unauthorized));
        Assert.That(events.OfType<ImageResponse>(), Is.Empty);
        Assert.That(Service.Generations, Has.Count.EqualTo(1), "nothing more is asked once the first image failed");
    }

    [Test]
    public async Task A_later_failure_ends_the_run_with_the_images_already_made_and_says_so()
    {
        Service.FailNext(PollinationsFault.Unauthorized, after: 1);

        var (events, error) = await Host.RunAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 7, Count = 3 });

        Assert.That(error, Is.Null);
        var response = events.OfType<ImageResponse>().Single();
        Assert.That(response.Images.Single().Data!.Value.ToArray(), Is.EqualTo(PollinationsEmulator.Render("a cat", 7, 64, 64, "flux")));
        var warning = events.OfType<Reasoning>().Single(r => r.Level == "warning");
        Assert.That(warning.Status, Does.StartWith("Image 2 of 3 failed: ").And.Contain("Authentication required"));
        Assert.That(Service.Generations, Has.Count.EqualTo(2));
        Assert.That(Host.Logs.Entries.Any(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("image 2 of 3 failed", StringComparison.Ordinal)), Is.True);
    }
}
