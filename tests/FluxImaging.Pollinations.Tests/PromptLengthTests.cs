using System.Text;
using FluxImaging.Pollinations.Tests.Support;
using FluxImaging.Testing.Pollinations;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Pollinations.Tests;

/// <summary>The whole URL stays within <c>MaxUrlLength</c>: a long prompt is cut before encoding, between scalars.</summary>
[TestFixture]
public sealed class PromptLengthTests : EmulatedServiceFixture
{
    [Test]
    public async Task A_long_prompt_is_cut_to_the_longest_start_that_fits_and_the_cut_is_reported()
    {
        var prompt = string.Concat(Enumerable.Range(0, 1000).Select(i => $"fox {i} "));

        var (events, error) = await Host.RunAsync(new ImageRequest(prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(error, Is.Null);
        var sent = Service.Generations.Single();
        var url = UrlOf(sent);
        Assert.That(url.Length, Is.LessThanOrEqualTo(4096));
        Assert.That(prompt, Does.StartWith(sent.Prompt!));
        var kept = sent.Prompt!.Length;
        Assert.That(url.Length + Uri.EscapeDataString(prompt[kept].ToString()).Length, Is.GreaterThan(4096), "one more character would not have fit");

        var shortened = events.OfType<Reasoning>().First();
        Assert.That(shortened.Status, Is.EqualTo($"prompt shortened from {prompt.Length} to {kept} characters to fit the URL limit"));
        Assert.That(shortened.Level, Is.EqualTo("warning"));
        Assert.That(events.OfType<ImageResponse>().Single().AltText, Is.EqualTo(sent.Prompt), "the alt text is the prompt as sent");
    }

    [Test]
    public async Task The_cut_is_logged_as_a_warning_without_the_prompt()
    {
        var prompt = "secret " + new string('x', 5000);

        await Host.Client.GenerateImageAsync(new ImageRequest(prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        var warning = Host.Logs.Entries.Single(e => e.Level == LogLevel.Warning && e.Message.Contains("shortened", StringComparison.Ordinal));
        Assert.That(warning.Message, Does.Contain("from 5007 to").And.Contain("4096 bytes").And.Not.Contain("secret"));
    }

    [Test]
    public async Task Surrogate_pairs_are_never_split()
    {
        var prompt = string.Concat(Enumerable.Repeat("🦊", 1000));

        var (events, error) = await Host.RunAsync(new ImageRequest(prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(error, Is.Null, "a split escape would have made the service answer 500 (URI malformed)");
        var sent = Service.Generations.Single();
        Assert.That(UrlOf(sent).Length, Is.LessThanOrEqualTo(4096));
        Assert.That(sent.Prompt!.Length % 2, Is.Zero);
        Assert.That(sent.Prompt.EnumerateRunes().Select(r => r.Value), Has.All.EqualTo(0x1F98A), "whole foxes only");
        var foxes = sent.Prompt.Length / 2;
        Assert.That(events.OfType<Reasoning>().First().Status, Is.EqualTo($"prompt shortened from 1000 to {foxes} characters to fit the URL limit"), "characters are Unicode scalars");
    }

    [Test]
    public async Task Mixed_widths_are_cut_between_scalars()
    {
        var prompt = string.Concat(Enumerable.Repeat("aé漢🦊", 400));

        var (_, error) = await Host.RunAsync(new ImageRequest(prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(error, Is.Null);
        var sent = Service.Generations.Single().Prompt!;
        Assert.That(prompt, Does.StartWith(sent));
        Assert.That(sent, Does.Not.Contain("\uFFFD"));
    }

    [Test]
    public async Task A_lone_surrogate_is_sent_as_the_replacement_character()
    {
        await Host.Client.GenerateImageAsync(new ImageRequest("a\uD83Dz cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(Service.Generations.Single().RawPath, Is.EqualTo("/prompt/a%EF%BF%BDz%20cat"));
    }

    [Test]
    public async Task The_cut_leaves_room_for_the_longest_seed_of_the_run()
    {
        var prompt = new string('y', 6000);

        await Host.Client.GenerateImageAsync(new ImageRequest(prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 9, Count = 2 });

        var urls = Service.Generations.Select(UrlOf).ToList();
        Assert.That(urls.Select(u => u.Length), Has.All.LessThanOrEqualTo(4096));
        Assert.That(Service.Generations.Select(g => g.Prompt).Distinct().Count(), Is.EqualTo(1), "both images share one prompt");
        Assert.That(urls[1].Length, Is.EqualTo(4096), "seed 10 has the longer query; the prompt was fitted to it");
    }

    [Test]
    public async Task A_smaller_MaxUrlLength_is_honoured()
    {
        await Host.DisposeAsync();
        Host = PollinationsHost.Create(o =>
        {
            o.Endpoint = Service.BaseAddress;
            o.MaxUrlLength = 512;
        });

        await Host.Client.GenerateImageAsync(new ImageRequest(new string('z', 2000)) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(UrlOf(Service.Generations.Single()).Length, Is.EqualTo(512));
    }

    [Test]
    public async Task A_negative_prompt_that_leaves_no_room_for_16_characters_is_refused_naming_it()
    {
        var (events, error) = await Host.RunAsync(new ImageRequest("a cat on a windowsill in the sun") { Model = "pollinations", Width = 64, Height = 64, Seed = 1, NegativePrompt = new string('n', 4000) });

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.InvalidRequest));
        Assert.That(error.Message, Does.Contain("negative_prompt").And.Contain("MaxUrlLength"));
        Assert.That(error.Provider, Is.EqualTo("Pollinations"));
        Assert.That(events, Is.Empty);
        Assert.That(Service.Generations, Is.Empty, "nothing is sent");
    }

    [Test]
    public async Task A_prompt_shorter_than_16_characters_is_fine_where_it_fits()
    {
        // 4096 bytes less the endpoint, the route and the query leave 22 bytes here: all of a 12-character prompt.
        var negative = new string('n', 4096 - 22 - (Service.BaseAddress.AbsoluteUri.TrimEnd('/') + "/prompt/?width=64&height=64&seed=1&model=flux&nologo=true&private=true&enhance=false&safe=false&negative_prompt=").Length);

        var (_, error) = await Host.RunAsync(new ImageRequest("a small cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 1, NegativePrompt = negative });

        Assert.That(error, Is.Null);
        Assert.That(Service.Generations.Single().Prompt, Is.EqualTo("a small cat"));
    }

    private string UrlOf(PollinationsRequest request) =>
        new StringBuilder(Service.BaseAddress.AbsoluteUri.TrimEnd('/')).Append(request.RawPath).Append('?').Append(request.RawQuery).ToString();
}
