using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FluxImaging.Server.Tests.Support;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Server.Tests;

/// <summary>
/// What the server repeats of a client's or an upstream's text: cut to <c>MaxEchoedValueLength</c> (default 256) in
/// answers and log lines, and with control characters escaped, so a log line cannot be forged nor a terminal driven.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class EchoTests
{
    private ServerFixture _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await ServerFixture.StartAsync(settings: ["--FluxImaging:Server:MaxRequestBodyBytes=16777216"]);

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task A_5_MB_model_name_comes_back_cut_in_a_small_answer_and_a_short_log_line()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["model"] = new string('m', 5 * 1024 * 1024), ["prompt"] = "x" });
        var printed = _server.Console.Lines.Count;

        using var response = await PostAsync(body);
        var answer = await response.Content.ReadAsByteArrayAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(answer, Has.Length.LessThan(8 * 1024));
        var root = JsonDocument.Parse(answer).RootElement;
        Assert.That(root.GetProperty("model").GetString(), Is.EqualTo(new string('m', 256) + "…"));
        Assert.That(root.GetProperty("error").GetProperty("message").GetString(), Does.Contain(new string('m', 256) + "…'"));
        var logged = _server.Console.Lines.Skip(printed).ToList();
        Assert.That(logged, Is.Not.Empty);
        Assert.That(logged.Max(l => l.Length), Is.LessThan(8 * 1024));
    }

    [Test]
    public async Task A_long_provider_pin_comes_back_cut()
    {
        using var response = await PostAsync(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["provider"] = new string('p', 100_000), ["prompt"] = "x" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var message = (await JsonAsync(response)).GetProperty("error").GetProperty("message").GetString()!;
        Assert.That(message, Does.Contain(new string('p', 256) + "…").And.Not.Contain(new string('p', 257)));
    }

    [Test]
    public async Task Control_characters_in_a_model_name_are_escaped_in_the_answer_and_the_log()
    {
        const string Hostile = "evil\nwarn: Forged[0] an injected line\u001b[2J\u0007\rX\u202E";
        var printed = _server.Console.Text.Length;

        using var response = await PostAsync(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["model"] = Hostile, ["prompt"] = "x" }));

        var error = (await JsonAsync(response)).GetProperty("error");
        var message = error.GetProperty("message").GetString()!;
        Assert.That(message, Does.Contain(@"evil\nwarn: Forged[0] an injected line\u001B[2J\u0007\rX\u202E"));
        Assert.That(message.Any(char.IsControl), Is.False);
        var logged = _server.Console.Text[printed..];
        Assert.That(logged, Does.Contain(@"evil\nwarn: Forged"));
        Assert.That(logged.Where(c => char.IsControl(c) && c != '\n'), Is.Empty, "no control character but the line ends");
        Assert.That(logged.Split('\n'), Has.None.StartsWith("warn: Forged"));
    }

    [Test]
    public async Task Control_characters_in_an_upstream_error_are_escaped_in_the_answer_and_the_log()
    {
        var emulators = _server.Emulators!;
        emulators.FluxDev.QuotaMessage = "You have exceeded your GPU quota\u001b]0;owned\u0007 (retry in 0:00:05).\rfail: forged";
        emulators.FluxDev.FailNext(SpaceFault.QuotaExceeded);
        var printed = _server.Console.Text.Length;

        using var response = await PostAsync(Encoding.UTF8.GetBytes("""{"model":"flux-dev","prompt":"x"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        var message = (await JsonAsync(response)).GetProperty("error").GetProperty("message").GetString()!;
        Assert.That(message, Does.StartWith("You have exceeded your GPU quota"));
        Assert.That(message.Any(char.IsControl), Is.False);
        var logged = _server.Console.Text[printed..];
        Assert.That(logged, Does.Contain("GPU quota"));
        Assert.That(logged.Where(c => char.IsControl(c) && c != '\n'), Is.Empty);
        Assert.That(logged.Split('\n'), Has.None.StartsWith("fail: forged"));
        emulators.FluxDev.QuotaMessage = FluxDevSpace.DefaultQuotaMessage;
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await _server.Http.PostAsync(_server.Url("/v1/images/generations"), content);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
