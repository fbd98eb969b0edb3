using System.Text.Json;
using FluxImaging.Testing.Imaging;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Server.Tests.Support;

/// <summary>The offline server with <see cref="MaskEditingProvider"/> beside the real providers, and what edit tests share.</summary>
internal static class EditServer
{
    public const string EditsPath = "/v1/images/edits";

    /// <summary>The image the tests edit: a 96×64 PNG.</summary>
    public static byte[] Input { get; } = PngImage.Render("a photo of a cat", 3, 96, 64);

    public static Task<ServerFixture> StartAsync(params string[] settings) => ServerFixture.StartAsync(
        "http://127.0.0.1:0",
        offline: true,
        configure: builder =>
        {
            builder.Services.AddSingleton<EditRecorder>();
            // It calls no upstream; its endpoint only has to be valid.
            builder.Services.AddFluxImaging().AddProvider<MaskEditingProvider, ImageProviderOptions>(MaskEditingProvider.ProviderName, o => o.Endpoint = new Uri("http://mask-editor.invalid"));
        },
        settings);

    public static EditRecorder Recorder(this ServerFixture server) => server.Services.GetRequiredService<EditRecorder>();

    public static Task<HttpResponseMessage> EditAsync(this ServerFixture server, HttpContent content) => server.Http.PostAsync(server.Url(EditsPath), content);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The bytes of the one image an answer with <c>b64_json</c> holds.</summary>
    public static async Task<byte[]> OnlyImageAsync(HttpResponseMessage response)
    {
        var body = await JsonAsync(response);
        Assert.That(response.IsSuccessStatusCode, Is.True, body.ToString());
        return Convert.FromBase64String(body.GetProperty("data").EnumerateArray().Single().GetProperty("b64_json").GetString()!);
    }

    /// <summary>The error's <c>param</c> (null when JSON null), after checking the status and OpenAI's shape.</summary>
    public static async Task<string?> ErrorParamAsync(HttpResponseMessage response, int status = 400)
    {
        var body = await JsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(status), body.ToString());
        var error = body.GetProperty("error");
        Assert.That(error.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "message", "type", "param", "code" }));
        Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("invalid_request_error"));
        return error.GetProperty("param").ValueKind == JsonValueKind.Null ? null : error.GetProperty("param").GetString();
    }
}
