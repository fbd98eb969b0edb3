using System.Diagnostics;
using System.Text.Json;

namespace FluxImaging.Cli.Tests;

/// <summary>Ctrl+C on the real process: the generation stops, the exit code says so, no half-written file remains.</summary>
[TestFixture]
[NonParallelizable]
public sealed class InterruptTests
{
    [Test]
    public async Task Sigint_cancels_the_generation_cleanly()
    {
        var output = Directory.CreateTempSubdirectory("fluximg-interrupt-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in (string[])[Path.Combine(TestContext.CurrentContext.TestDirectory, "fluximg.dll"), "generate", "a lighthouse", "--model", "flux-dev", "--steps", "50", "--offline", "--json", "--previews", "--out", output])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var lines = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                if (JsonDocument.Parse(line).RootElement.TryGetProperty("step", out var step) && step.ValueKind == JsonValueKind.Number && step.GetInt32() >= 5)
                {
                    using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                    await kill.WaitForExitAsync(timeout.Token);
                    break;
                }
            }

            lines.AddRange((await process.StandardOutput.ReadToEndAsync(timeout.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            await process.WaitForExitAsync(timeout.Token);

            Assert.That(process.ExitCode, Is.EqualTo(130));
            Assert.That(JsonDocument.Parse(lines[^1]).RootElement.GetProperty("type").GetString(), Is.EqualTo("cancelled"));
            Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()), Has.None.EqualTo("image"), "stopped well before the 50th step");
            Assert.That(Directory.GetFiles(output, "*.part", SearchOption.AllDirectories), Is.Empty);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
