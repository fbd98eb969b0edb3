using System.Text;
using System.Text.Json;
using FluxImaging.Providers;
using FluxImaging.Testing;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Cli.Tests;

/// <summary>
/// Text from a hostile upstream or a hostile value (ESC sequences, BEL, a bare CR, an LF that forges a line, C1, NUL,
/// bidirectional overrides) reaches neither standard output nor standard error raw: the bytes the real process wrote
/// carry visible escapes instead.
/// </summary>
[TestFixture]
public sealed class HostileTextTests
{
    private const string ForgedLine = "INFO forged log line";
    private FluxSchnellSpace _space = null!;
    private string _out = null!;

    [SetUp]
    public async Task SetUp()
    {
        _space = await FluxSchnellSpace.StartAsync(GradioLayout.Gradio5);
        _out = Directory.CreateTempSubdirectory("fluximg-hostile-").FullName;
    }

    [TearDown]
    public async Task TearDown()
    {
        await _space.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    [TestCase("--json")]
    [TestCase("--previews")]
    public async Task An_upstream_error_text_with_control_characters_is_printed_escaped(string mode)
    {
        _space.FailNext(HostileText.ControlCharacters);

        var (exit, output, error) = await CliProcess.RunAsync(Space(), "generate", "a cat", "--model", "my-model", "--out", _out, mode);

        Assert.That(exit, Is.Not.Zero.And.Not.EqualTo(1), "a typed error, not a crash");
        AssertPrintable(output);
        AssertPrintable(error);
        Assert.That(Encoding.UTF8.GetString(output) + Encoding.UTF8.GetString(error), Does.Contain("GPU quota").And.Contain("INFO forged log line"), "the text is shown, without its controls");
    }

    [Test]
    public async Task A_Space_log_line_with_control_characters_is_a_json_reasoning_line_with_its_level_and_escaped_status()
    {
        _space.LogNext(HostileText.ControlCharacters, level: "warning", title: "Warning");

        var (exit, output, error) = await CliProcess.RunAsync(Space(), "generate", "a cat", "--model", "my-model", "--out", _out, "--json");

        Assert.That(exit, Is.Zero);
        AssertPrintable(output);
        AssertPrintable(error);
        var log = Lines(output).Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.TryGetProperty("label", out var label) && label.GetString() == "log");
        Assert.That(log.GetProperty("level").GetString(), Is.EqualTo("warning"));
        var status = log.GetProperty("status").GetString()!;
        Assert.That(status, Does.StartWith("GPU quota").And.Contain("INFO forged log line"));
        Assert.That(status.Where(UpstreamText.IsUnsafe), Is.Empty, "a script printing the field prints no control character either");
    }

    [Test]
    public async Task A_Space_log_line_with_control_characters_is_a_plain_warning_line()
    {
        _space.LogNext(HostileText.ControlCharacters, level: "warning", title: "Warning");

        var (exit, output, error) = await CliProcess.RunAsync(Space(), "generate", "a cat", "--model", "my-model", "--out", _out);

        Assert.That(exit, Is.Zero);
        AssertPrintable(output);
        AssertPrintable(error);
        Assert.That(Lines(output).Where(l => l.Contains("GPU quota", StringComparison.Ordinal)), Has.Exactly(1).StartsWith("[MySpace] warning: GPU quota").And.Contains("INFO forged log line"));
    }

    [TestCase("--json")]
    [TestCase("--previews")]
    public async Task A_model_name_with_control_characters_is_not_found_and_echoed_escaped(string mode)
    {
        var (exit, output, error) = await CliProcess.RunAsync(Space(), "generate", "a cat", "--model", "evil\u001b[2J\u0007\r\u009b\u202emodel\nINFO forged", "--out", _out, mode);

        Assert.That(exit, Is.EqualTo(10));
        AssertPrintable(output);
        AssertPrintable(error);
        var message = mode == "--json" ? JsonDocument.Parse(output).RootElement.GetProperty("message").GetString() : Encoding.UTF8.GetString(error);
        Assert.That(message, Does.Contain("'evil\\u001B[2J\\u0007\\r\\u009B\\u202Emodel\\nINFO forged'"));
    }

    [Test]
    public async Task A_configured_model_name_with_control_characters_is_listed_escaped()
    {
        var settings = new Dictionary<string, string>(Space()) { ["FluxImaging:Spaces:MySpace:Models:0"] = "evil\u001b]0;title\u0007\u202emodel" };

        var (exit, output, error) = await CliProcess.RunAsync(settings, "models");

        Assert.That(exit, Is.Zero);
        AssertPrintable(output);
        AssertPrintable(error);
        Assert.That(Lines(output), Has.Some.StartsWith("evil\\u001B]0;title\\u0007\\u202Emodel "));
    }

    [Test]
    public async Task An_unknown_argument_with_control_characters_is_echoed_escaped_by_the_parser()
    {
        var (exit, output, error) = await CliProcess.RunAsync(new Dictionary<string, string>(), "generate", "a cat", "--bogus\u001b[2J\u0007");

        Assert.That(exit, Is.EqualTo(2));
        AssertPrintable(output);
        AssertPrintable(error);
        Assert.That(Encoding.UTF8.GetString(error), Does.Contain("--bogus\\u001B[2J\\u0007"));
    }

    /// <summary>A config-only Space over the emulator, its Hugging Face API nowhere reachable.</summary>
    private Dictionary<string, string> Space() => new()
    {
        ["FluxImaging:Spaces:MySpace:Endpoint"] = _space.BaseAddress.AbsoluteUri,
        ["FluxImaging:Spaces:MySpace:Models:0"] = "my-model",
        ["FluxImaging:Spaces:MySpace:HuggingFaceEndpoint"] = "http://127.0.0.1:9",
    };

    private static string[] Lines(byte[] bytes) => Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Only line ends separate lines; no other control or bidirectional character, and no line was forged.</summary>
    internal static void AssertPrintable(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        Assert.That(text.Where(c => c != '\n' && UpstreamText.IsUnsafe(c)).Select(c => $"U+{(int)c:X4}"), Is.Empty);
        Assert.That(text.Split('\n'), Has.None.StartsWith(ForgedLine).And.None.StartsWith("INFO forged"));
    }
}
