using FluxImaging.Testing;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Gradio.Tests.Spaces;

/// <summary>zerogpu.md as the generic provider meets it: error kinds end to end, the token warning, the user's quota, headers.</summary>
[TestFixture]
public sealed class ZeroGpuTests
{
    [TestCase(GradioLayout.Gradio5)]
    [TestCase(GradioLayout.Gradio6)]
    public async Task A_quota_failure_on_the_queue_is_QuotaExceeded_with_the_wait_it_names(GradioLayout layout)
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync(layout);
        space.FailNext(ZeroGpuFault.Quota(TimeSpan.FromSeconds(317)));
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", SpaceHarness.At(space.BaseAddress)));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("a cat", "sd3.5"));

        Assert.That((error!.Kind, error.RetryAfter, error.Provider), Is.EqualTo((FluxImagingErrorKind.QuotaExceeded, (TimeSpan?)TimeSpan.FromSeconds(317), "SD35Large")));
        Assert.That(error.Message, Does.Contain("ZeroGPU quota").And.Not.Contain("<a"));
    }

    [Test]
    public async Task A_queue_timeout_is_capacity_not_quota()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.FailNext(ZeroGpuFault.QueueTimeout());
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", SpaceHarness.At(space.BaseAddress)));

        var events = new List<ImageEvent>();
        var error = Assert.ThrowsAsync<FluxImagingException>(async () =>
        {
            await foreach (var e in harness.Client.GenerateAsync(new ImageRequest("a cat") { Model = "sd3.5" }))
            {
                events.Add(e);
            }
        });

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamUnavailable));
        Assert.That(events.OfType<Reasoning>().Select(r => r.Status), Has.Some.Contains("Waiting for a GPU"));
    }

    [Test]
    public async Task The_token_warning_is_a_warning_and_the_generation_goes_on()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.FinalSize = 16;
        space.FailNext(ZeroGpuFault.TokenRejectedWarning());
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", SpaceHarness.At(space.BaseAddress)));

        var events = await harness.CollectAsync(new ImageRequest("a cat") { Model = "sd3.5" });

        var warning = events.OfType<Reasoning>().Single(r => r.Level == "warning");
        Assert.That(warning.Status, Does.Contain("Falling back to IP-based quotas"));
        Assert.That(events[^1], Is.InstanceOf<ImageResponse>());
    }

    [Test]
    public async Task On_call_before_Gradio_6_13_an_error_has_no_text_and_says_so()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.FailNext(ZeroGpuFault.Quota());
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", o => { SpaceHarness.At(space.BaseAddress)(o); o.Protocol = GradioProtocol.Call; }));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("a cat", "sd3.5"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamError));
        Assert.That(error.Message, Does.Contain("does not expose details").And.Contain("queue"));
    }

    [Test]
    public async Task On_call_in_Gradio_6_the_error_object_keeps_its_kind()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync(GradioLayout.Gradio6);
        space.FailNext(ZeroGpuFault.Quota(TimeSpan.FromMinutes(5)));
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", o => { SpaceHarness.At(space.BaseAddress)(o); o.Protocol = GradioProtocol.Call; }));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("a cat", "sd3.5"));

        Assert.That((error!.Kind, error.RetryAfter), Is.EqualTo((FluxImagingErrorKind.QuotaExceeded, (TimeSpan?)TimeSpan.FromMinutes(5))));
    }

    [Test]
    public async Task With_a_token_the_quota_text_is_the_users_and_the_token_reaches_only_the_Space_host()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        await using var hub = await HuggingFaceHub.StartAsync();
        hub.AddSpace(space);
        await using var elsewhere = await RecordingHost.StartAsync();
        space.FileUrlOverride = $"{elsewhere.BaseAddress}file=/tmp/gradio/x/image.webp";
        space.FinalSize = 16;
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", o =>
        {
            SpaceHarness.At(space.BaseAddress, hub)(o);
            o.HuggingFaceToken = "hf_user_secret";
        }));

        var response = await harness.Client.GenerateImageAsync("a cat", "sd3.5");
        Assert.ThrowsAsync<FluxImagingException>(() => response.Images[0].ReadAllBytesAsync());
        space.FailNext(ZeroGpuFault.Quota());
        var quota = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("a cat", "sd3.5"));

        Assert.That(space.Requests.Select(r => r.Header("X-HF-Authorization")), Has.All.EqualTo("Bearer hf_user_secret"));
        Assert.That(elsewhere.Requests, Has.Count.EqualTo(1));
        Assert.That((elsewhere.Requests[0].Header("X-HF-Authorization"), elsewhere.Requests[0].Header("Authorization")), Is.EqualTo(((string?)null, (string?)null)));
        Assert.That(quota!.Message, Does.Contain("free ZeroGPU quota"), "the Space charged the user, not the anonymous per-IP quota");
        Assert.That(hub.Requests.Where(r => r.Path.EndsWith("/jwt", StringComparison.Ordinal)).Select(r => r.Header("Authorization")), Has.All.EqualTo("Bearer hf_user_secret"));
    }

    [Test]
    public async Task A_Space_on_ZeroGPU_gets_the_ZeroGPU_headers_on_the_join_only()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.FinalSize = 16;
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", SpaceHarness.At(space.BaseAddress)));

        await harness.Client.GenerateImageAsync("a cat", "sd3.5");

        var join = space.Requests.Single(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal));
        Assert.That((join.Header("x-zerogpu-token"), join.Header("x-zerogpu-uuid")), Is.EqualTo(("[object Object]", "[object Object]")));
        Assert.That(space.Requests.Where(r => r != join).Select(r => r.Header("x-zerogpu-token")), Has.All.Null);
    }
}
