using System.Text;
using System.Text.Json;
using FluxImaging.Testing;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Cli.Tests;

/// <summary>
/// A Space answering with a FileData URL that is not http or https (<c>file:///etc/passwd</c>, <c>javascript:</c>) is a
/// protocol error, exit 7, with a message saying so: no unhandled exception, no file read, nothing saved.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class FileUrlTests
{
    private string _out = null!;

    [SetUp]
    public void SetUp() => _out = Directory.CreateTempSubdirectory("fluximg-file-url-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_out, recursive: true);

    [TestCase(HostileText.FileUrl)]
    [TestCase(HostileText.JavaScriptUrl)]
    public async Task The_Voodoohop_provider_reports_a_protocol_error_with_exit_7(string url)
    {
        var previous = Hosting.CliHost.StartEmulators;
        Hosting.CliHost.StartEmulators = async cancellationToken =>
        {
            var emulators = await OfflineEmulators.StartAsync(cancellationToken);
            emulators.FluxSchnell.FileUrlOverride = url;
            return emulators;
        };
        try
        {
            var (exit, lines, _) = await CliRun.RunAsync("generate", "a cat", "--model", "voodoohop-flux-1-schnell", "--offline", "--json", "--out", _out);

            Assert.That(exit, Is.EqualTo(7));
            var error = JsonDocument.Parse(lines[^1]).RootElement;
            Assert.That((error.GetProperty("type").GetString(), error.GetProperty("kind").GetString(), error.GetProperty("provider").GetString()), Is.EqualTo(("error", "protocol", "Voodoohop")));
            Assert.That(error.GetProperty("message").GetString(), Does.Contain("neither http nor https"));
            Assert.That(Directory.GetFiles(_out, "*", SearchOption.AllDirectories), Is.Empty);
        }
        finally
        {
            Hosting.CliHost.StartEmulators = previous;
        }
    }

    [TestCase(HostileText.FileUrl)]
    [TestCase(HostileText.JavaScriptUrl)]
    public async Task A_Space_from_configuration_reports_a_protocol_error_in_the_real_process(string url)
    {
        await using var space = await FluxSchnellSpace.StartAsync(GradioLayout.Gradio5);
        space.FileUrlOverride = url;
        var settings = SpaceSettings.For("MySpace", space.BaseAddress, "my-model").ToDictionary(s => s.Key, s => s.Value!);

        var (exit, output, error) = await CliProcess.RunAsync(settings, "generate", "a cat", "--model", "my-model", "--out", _out);

        var text = Encoding.UTF8.GetString(error);
        Assert.That(exit, Is.EqualTo(7));
        Assert.That(text, Does.Contain("Error (protocol, MySpace):").And.Contain("neither http nor https"));
        Assert.That(text, Does.Not.Contain("Unhandled exception").And.Not.Contain("   at "), "no stack trace");
        HostileTextTests.AssertPrintable(output);
        HostileTextTests.AssertPrintable(error);
        Assert.That(Directory.GetFiles(_out, "*", SearchOption.AllDirectories), Is.Empty);
    }
}
