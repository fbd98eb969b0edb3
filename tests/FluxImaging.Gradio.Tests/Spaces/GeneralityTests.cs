using FluxImaging.Testing.Gradio;

namespace FluxImaging.Gradio.Tests.Spaces;

/// <summary>
/// The generic Space provider, given only an endpoint, runs the FLUX.1-dev and FLUX.1-schnell Spaces with the results
/// the hand-written providers get: the same progress, previews, seed and image.
/// </summary>
[TestFixture]
public sealed class GeneralityTests
{
    [Test]
    public async Task Given_only_an_endpoint_it_runs_FLUX_1_dev_as_the_BlackForestLabs_provider_does()
    {
        await using var space = await FluxDevSpace.StartAsync();
        space.StepDelay = TimeSpan.FromMilliseconds(1);
        space.QueueAhead = 2;
        var request = new ImageRequest("a lighthouse at dawn") { Seed = 5, Width = 512, Height = 384 };

        await using var handWritten = SpaceHarness.Start(b => b.AddBlackForestLabs(o => o.Endpoint = space.BaseAddress));
        await using var generic = SpaceHarness.Start(b => b.AddGradioSpace("Dev", o => { o.Endpoint = space.BaseAddress; o.Label = "FLUX.1-dev"; }));
        var expected = await handWritten.CollectAsync(request with { Model = "flux-dev" });
        var actual = await generic.CollectAsync(request with { Model = "dev" });

        Assert.That(Statuses(actual), Is.EqualTo(Statuses(expected)));
        Assert.That(actual.OfType<ImagePreview>().Select(p => p.Step), Is.EqualTo(expected.OfType<ImagePreview>().Select(p => p.Step)).And.Not.Empty);
        var (want, got) = (expected.OfType<ImageResponse>().Single(), actual.OfType<ImageResponse>().Single());
        Assert.That(got.Seed, Is.EqualTo(want.Seed).And.EqualTo(5));
        Assert.That((await got.Images[0].ReadAllBytesAsync()).ToArray(), Is.EqualTo((await want.Images[0].ReadAllBytesAsync()).ToArray()));
    }

    [TestCase(GradioLayout.Gradio4)]
    [TestCase(GradioLayout.Gradio5)]
    public async Task Given_only_an_endpoint_it_runs_FLUX_1_schnell_as_the_Voodoohop_provider_does(GradioLayout layout)
    {
        await using var space = await FluxSchnellSpace.StartAsync(layout);
        var request = new ImageRequest("a red fox in snow") { Seed = 42, Width = 512, Height = 256, Steps = 4 };

        await using var handWritten = SpaceHarness.Start(b => b.AddVoodoohop(o => o.Endpoint = space.BaseAddress));
        await using var generic = SpaceHarness.Start(b => b.AddGradioSpace("Schnell", SpaceHarness.At(space.BaseAddress)));
        var want = await handWritten.Client.GenerateImageAsync(request with { Model = "flux-schnell" });
        var got = await generic.Client.GenerateImageAsync(request with { Model = "schnell" });

        Assert.That((got.Seed, got.Provider, got.Model), Is.EqualTo((want.Seed, "Schnell", "schnell")));
        Assert.That((await got.Images[0].ReadAllBytesAsync()).ToArray(), Is.EqualTo((await want.Images[0].ReadAllBytesAsync()).ToArray()));
    }

    [Test]
    public async Task A_Space_configured_by_name_alone_derives_its_model_from_the_Space_id()
    {
        await using var space = await FluxSchnellSpace.StartAsync(GradioLayout.Gradio5);
        await using var generic = SpaceHarness.Start(b => b.AddGradioSpace("Mine", o => { SpaceHarness.At(space.BaseAddress)(o); o.Space = "Some.Owner/My_Space"; o.ZeroGpu = "false"; }));

        Assert.That(generic.Provider("Mine").Models.DefaultModel, Is.EqualTo("some-owner-my-space"));
        Assert.That((await generic.Client.GenerateImageAsync("a cat", "some-owner-my-space")).Provider, Is.EqualTo("Mine"));
    }

    private static List<string> Statuses(IEnumerable<ImageEvent> events) =>
        [.. events.OfType<Reasoning>().Select(r => r.Status)];
}
