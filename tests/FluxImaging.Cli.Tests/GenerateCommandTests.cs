using System.Text.Json;

namespace FluxImaging.Cli.Tests;

[TestFixture]
public sealed class GenerateCommandTests
{
    private string _out = null!;

    [SetUp]
    public void SetUp() => _out = Directory.CreateTempSubdirectory("fluximg-cli-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_out, recursive: true);

    [Test]
    public async Task Offline_json_generation_prints_the_documented_lines_and_saves_a_png()
    {
        var (exit, lines, _) = await RunAsync("generate", "a lighthouse at dawn", "--model", "flux-schnell", "--offline", "--json", "--seed", "42", "--out", _out);

        Assert.That(exit, Is.Zero);
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        // flux-schnell routes to the official Space first (priority 200, ahead of Voodoohop's copy).
        Assert.That(events.Select(e => e.GetProperty("type").GetString()), Is.EqualTo(Enumerable.Repeat("reasoning", events.Count - 1).Append("image")));
        Assert.That(events.SkipLast(1).Select(e => e.GetProperty("provider").GetString()), Has.All.EqualTo("Flux1Schnell"));
        string[] documented = ["status", "label", "level", "step", "total", "queue_position", "queue_size"];
        Assert.That(events.SkipLast(1).Select(e => documented.All(p => e.TryGetProperty(p, out _))), Has.All.True, "every reasoning line has the documented fields");

        var image = events[^1];
        Assert.That((image.GetProperty("provider").GetString(), image.GetProperty("model").GetString()), Is.EqualTo(("Flux1Schnell", "black-forest-labs-flux-1-schnell")));
        Assert.That(image.GetProperty("seed").GetInt64(), Is.EqualTo(42));
        var saved = image.GetProperty("images")[0];
        Assert.That(saved.GetProperty("url").GetString(), Does.StartWith("http://127.0.0.1:"));
        var path = saved.GetProperty("path").GetString()!;
        Assert.That(Path.GetDirectoryName(path), Is.EqualTo(Path.GetFullPath(_out)));
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.That(bytes.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
    }

    [Test]
    public async Task The_default_model_flux_works_offline()
    {
        var (exit, lines, _) = await RunAsync("generate", "a red fox", "--offline", "--json", "--out", _out);

        Assert.That(exit, Is.Zero);
        Assert.That(JsonDocument.Parse(lines[^1]).RootElement.GetProperty("type").GetString(), Is.EqualTo("image"));
        Assert.That(Directory.GetFiles(_out, "*.png"), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task An_invalid_size_is_an_invalid_request_with_its_exit_code()
    {
        var (exit, lines, _) = await RunAsync("generate", "a cat", "--width", "-5", "--offline", "--json", "--out", _out);

        Assert.That(exit, Is.EqualTo(11));
        var error = JsonDocument.Parse(lines.Single()).RootElement;
        Assert.That((error.GetProperty("type").GetString(), error.GetProperty("kind").GetString()), Is.EqualTo(("error", "invalid_request")));
    }

    [Test]
    public async Task An_unknown_model_is_not_found_with_its_exit_code()
    {
        var (exit, lines, _) = await RunAsync("generate", "a cat", "--model", "dall-e-9", "--offline", "--json", "--out", _out);

        Assert.That(exit, Is.EqualTo(10));
        Assert.That(JsonDocument.Parse(lines.Single()).RootElement.GetProperty("kind").GetString(), Is.EqualTo("not_found"));
    }

    [Test]
    public async Task Without_json_the_output_names_the_saved_file_and_the_seed()
    {
        var (exit, lines, _) = await RunAsync("generate", "a cat", "--model", "flux-schnell", "--seed", "7", "--offline", "--out", _out);

        Assert.That(exit, Is.Zero);
        Assert.That(lines, Has.Some.StartsWith("Saved ").And.Some.Contains("seed 7"));
    }

    [TestCase("../../../../etc/passwd.png")]
    [TestCase("..\\..\\windows\\evil.png")]
    [TestCase("/absolute/path/image.png")]
    public async Task Hostile_upstream_file_names_stay_inside_the_out_folder(string hostile)
    {
        var previous = Hosting.CliHost.StartEmulators;
        Hosting.CliHost.StartEmulators = async cancellationToken =>
        {
            var emulators = await FluxImaging.Testing.OfflineEmulators.StartAsync(cancellationToken);
            emulators.FluxSchnell.OriginalFileName = hostile;
            return emulators;
        };
        try
        {
            var (exit, lines, _) = await RunAsync("generate", "a cat", "--model", "flux-schnell", "--offline", "--json", "--out", _out);

            Assert.That(exit, Is.Zero);
            var path = JsonDocument.Parse(lines[^1]).RootElement.GetProperty("images")[0].GetProperty("path").GetString()!;
            Assert.That(Path.GetDirectoryName(path), Is.EqualTo(Path.GetFullPath(_out)));
            Assert.That(Directory.GetFiles(_out, "*", SearchOption.AllDirectories), Is.EqualTo(new[] { path }));
        }
        finally
        {
            Hosting.CliHost.StartEmulators = previous;
        }
    }

    [Test]
    public async Task Every_error_kind_reaches_the_json_line_and_the_exit_code()
    {
        var previous = Hosting.CliHost.StartEmulators;
        Hosting.CliHost.StartEmulators = async cancellationToken =>
        {
            var emulators = await FluxImaging.Testing.OfflineEmulators.StartAsync(cancellationToken);
            emulators.FluxDev.FailNext(FluxImaging.Testing.Gradio.SpaceFault.QuotaExceeded);
            return emulators;
        };
        try
        {
            var (exit, lines, _) = await RunAsync("generate", "a cat", "--model", "flux-dev", "--offline", "--json", "--out", _out);

            Assert.That(exit, Is.EqualTo(4));
            var error = JsonDocument.Parse(lines[^1]).RootElement;
            Assert.That((error.GetProperty("type").GetString(), error.GetProperty("kind").GetString(), error.GetProperty("provider").GetString()), Is.EqualTo(("error", "quota_exceeded", "BlackForestLabs")));
            Assert.That(Directory.GetFiles(_out, "*", SearchOption.AllDirectories), Is.Empty);
        }
        finally
        {
            Hosting.CliHost.StartEmulators = previous;
        }
    }

    [TestCase(FluxImagingErrorKind.RateLimited, 3, "rate_limited")]
    [TestCase(FluxImagingErrorKind.QuotaExceeded, 4, "quota_exceeded")]
    [TestCase(FluxImagingErrorKind.UpstreamError, 5, "upstream_error")]
    [TestCase(FluxImagingErrorKind.UpstreamUnavailable, 6, "unavailable")]
    [TestCase(FluxImagingErrorKind.ProtocolViolation, 7, "protocol")]
    [TestCase(FluxImagingErrorKind.Timeout, 8, "timeout")]
    [TestCase(FluxImagingErrorKind.Unauthorized, 9, "unauthorized")]
    [TestCase(FluxImagingErrorKind.NotFound, 10, "not_found")]
    [TestCase(FluxImagingErrorKind.InvalidRequest, 11, "invalid_request")]
    public void Every_error_kind_has_its_own_exit_code_and_name(FluxImagingErrorKind kind, int code, string name) =>
        Assert.That((ExitCodes.For(kind), ExitCodes.Name(kind)), Is.EqualTo((code, name)));

    private static Task<(int Exit, string[] Lines, string Error)> RunAsync(params string[] args) => CliRun.RunAsync(args);
}
