using System.Text.Json;
using FluxImaging.Cli.Output;
using FluxImaging.Providers;
using Spectre.Console;

namespace FluxImaging.Cli.Tests;

/// <summary>
/// The three reporters given hostile texts directly — statuses, provider and model names, paths and error messages
/// with control characters, bidirectional overrides and Spectre markup — print them escaped and never fail on them.
/// </summary>
[TestFixture]
public sealed class ReporterTests
{
    private const string Hostile = "Evil[/] [red]x\u001b[2J\u001b]0;title\u0007\r\u009b31m\u202e\u2066\nINFO forged log line";
    private const string Path = "/tmp/out\u202e\u001b[2J/image.png";

    [TestCase(AnsiSupport.No)]
    [TestCase(AnsiSupport.Yes)]
    public async Task The_live_display_escapes_controls_and_markup(AnsiSupport ansi)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = ansi,
            ColorSystem = ansi == AnsiSupport.Yes ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });

        var exit = await new LiveReporter(console).RunAsync(r =>
        {
            Report(r);
            return Task.FromResult(5);
        });

        Assert.That(exit, Is.EqualTo(5));
        var text = writer.ToString();
        var hostileOnly = ansi == AnsiSupport.No ? text : StripSpectreSequences(text);
        Assert.That(hostileOnly.Where(c => c is not '\n' && UpstreamText.IsUnsafe(c)).Select(c => $"U+{(int)c:X4}"), Is.Empty);
        Assert.That(text.Contains("\u001b[2J", StringComparison.Ordinal) || text.Contains("\u001b]0;", StringComparison.Ordinal), Is.False, "no clear-screen or title sequence");
        Assert.That(text.Split('\n'), Has.None.StartsWith("INFO forged"));
        Assert.That(text, Does.Contain("Evil[/] [red]x\\u001B[2J"), "markup shown as text");
        Assert.That(text, Does.Contain("warning: Evil[/]"), "the warning is kept in the summary");
    }

    [Test]
    public void Plain_lines_escape_controls()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Report(new PlainReporter(output, error));

        var text = output + error.ToString();
        Assert.That(text.Where(c => c is not '\n' && UpstreamText.IsUnsafe(c)), Is.Empty);
        Assert.That(text.Split('\n'), Has.None.StartsWith("INFO forged"));
        Assert.That(output.ToString(), Does.Contain($"[{UpstreamText.Echo(Hostile)}] warning: {UpstreamText.Echo(Hostile)}"));
        Assert.That(output.ToString(), Does.Contain($"Saved {UpstreamText.Echo(Path)}"));
    }

    [Test]
    public void Json_lines_carry_escaped_texts_exact_paths_and_no_raw_control_or_bidirectional_character()
    {
        using var output = new StringWriter();

        Report(new JsonLinesReporter(output));

        var text = output.ToString();
        Assert.That(text.Where(c => c is not '\n' && UpstreamText.IsUnsafe(c)).Select(c => $"U+{(int)c:X4}"), Is.Empty);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var reasoning = lines.Single(l => l.GetProperty("type").GetString() == "reasoning");
        Assert.That(reasoning.GetProperty("status").GetString(), Is.EqualTo(UpstreamText.Echo(Hostile)));
        Assert.That(reasoning.GetProperty("level").GetString(), Is.EqualTo("warning"));
        var image = lines.Single(l => l.GetProperty("type").GetString() == "image");
        Assert.That(image.GetProperty("images")[0].GetProperty("path").GetString(), Is.EqualTo(Path), "a script can open the file it names");
        Assert.That(lines.Single(l => l.GetProperty("type").GetString() == "error").GetProperty("message").GetString(), Is.EqualTo(UpstreamText.Echo(Hostile)));
    }

    private static void Report(IGenerationReporter reporter)
    {
        reporter.Reasoning(new Reasoning(Hostile, Hostile, Hostile) { Level = "warning", Step = 1, TotalSteps = 2 });
        reporter.Image(new ImageResponse(Hostile, Hostile, [new GeneratedImage(new byte[] { 1 }, "image/png")]), [Path]);
        reporter.Error(new FluxImagingException(FluxImagingErrorKind.UpstreamError, Hostile, Hostile));
    }

    /// <summary>Removes the CSI sequences Spectre itself writes (colours, cursor moves), leaving what came from the texts.</summary>
    private static string StripSpectreSequences(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;?]*[A-Za-z]", string.Empty);
}
