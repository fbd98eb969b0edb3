using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using FluxImaging.Server.Media;
using FluxImaging.Server.Tests.Support;
using FluxImaging.Testing.Gradio;
using FluxImaging.Testing.Imaging;
using Microsoft.Extensions.Configuration;
using static FluxImaging.Server.Tests.Support.EditServer;

namespace FluxImaging.Server.Tests;

/// <summary><c>POST /v1/images/edits</c> end to end: Kontext's edit comes back in every response format and as a stream, masks reach only models that take them, JSON bodies bring images by URL, and the generation limits hold.</summary>
[TestFixture]
public sealed class EditTests
{
    private const string Prompt = "make it snow";

    private ServerFixture _server = null!;

    private FluxKontextDevSpace Kontext => _server.Emulators!.FluxKontextDev;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await EditServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task The_answer_is_Kontexts_edit_of_the_uploaded_image_with_the_given_seed()
    {
        using var response = await _server.EditAsync(Form("flux-kontext", seed: 7, responseFormat: "b64_json"));

        var body = await JsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var item = body.GetProperty("data").EnumerateArray().Single();
        Assert.That(Convert.FromBase64String(item.GetProperty("b64_json").GetString()!), Is.EqualTo(FluxKontextDevSpace.RenderEdit(Input, Prompt, 7)));
        Assert.That(item.GetProperty("revised_prompt").GetString(), Is.EqualTo(Prompt));
        Assert.That((body.GetProperty("model").GetString(), body.GetProperty("provider").GetString()), Is.EqualTo(("flux-kontext", "Flux1KontextDev")));
        Assert.That(body.GetProperty("created").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(Kontext.Uploads[^1].Content.ToArray(), Is.EqualTo(Input), "the Space received the very bytes sent");
    }

    [Test]
    public async Task Without_a_response_format_the_edit_is_served_from_media_at_an_absolute_url()
    {
        using var response = await _server.EditAsync(Form("flux-kontext-dev", seed: 11, responseFormat: null));

        var url = (await JsonAsync(response)).GetProperty("data")[0].GetProperty("url").GetString()!;
        Assert.That(url, Does.StartWith($"{_server.BaseAddress.AbsoluteUri}media/"));
        Assert.That(await _server.Http.GetByteArrayAsync(url), Is.EqualTo(FluxKontextDevSpace.RenderEdit(Input, Prompt, 11)));
    }

    [Test]
    public async Task An_edit_without_a_model_runs_the_default_edit_model()
    {
        var form = new MultipartFormDataContent
        {
            { Image(Input), "image", "input.png" },
            { new StringContent(Prompt), "prompt" },
            { new StringContent("8"), "seed" },
            { new StringContent("b64_json"), "response_format" },
        };

        using var response = await _server.EditAsync(form);

        var body = await JsonAsync(response);
        Assert.That((body.GetProperty("model").GetString(), body.GetProperty("provider").GetString()), Is.EqualTo(("flux-kontext", "Flux1KontextDev")));
        Assert.That(Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("b64_json").GetString()!), Is.EqualTo(FluxKontextDevSpace.RenderEdit(Input, Prompt, 8)));
    }

    [Test]
    public async Task N_edits_are_n_final_images()
    {
        var form = new MultipartFormDataContent
        {
            { Image(Input), "image", "input.png" },
            { new StringContent(Prompt), "prompt" },
            { new StringContent("flux-kontext"), "model" },
            { new StringContent("2"), "n" },
            { new StringContent("b64_json"), "response_format" },
        };

        using var response = await _server.EditAsync(form);

        var items = (await JsonAsync(response)).GetProperty("data").EnumerateArray().ToList();
        Assert.That(items, Has.Count.EqualTo(2));
        Assert.That(items.Select(i => PngSize(Convert.FromBase64String(i.GetProperty("b64_json").GetString()!))), Has.All.EqualTo((96, 64)), "Kontext keeps the input's size");
    }

    [Test]
    public async Task A_stream_sends_image_edit_events_and_the_edit_last()
    {
        // 28 steps: Kontext yields a preview every 7.
        var form = Form("flux-kontext", seed: 5, responseFormat: null, steps: 28);
        form.Add(new StringContent("true"), "stream");
        form.Add(new StringContent("2"), "partial_images");

        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Url(EditsPath)) { Content = form };
        using var response = await _server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            items.Add(item);
        }

        Assert.That(items.Select(i => i.EventType), Is.EqualTo(new[] { "image_edit.partial_image", "image_edit.partial_image", "image_edit.completed" }));
        var partial = JsonDocument.Parse(items[1].Data).RootElement;
        Assert.That((partial.GetProperty("type").GetString(), partial.GetProperty("partial_image_index").GetInt32()), Is.EqualTo(("image_edit.partial_image", 1)));
        var completed = JsonDocument.Parse(items[2].Data).RootElement;
        Assert.That(completed.GetProperty("type").GetString(), Is.EqualTo("image_edit.completed"));
        Assert.That(Convert.FromBase64String(completed.GetProperty("b64_json").GetString()!), Is.EqualTo(FluxKontextDevSpace.RenderEdit(Input, Prompt, 5)));
        Assert.That(completed.TryGetProperty("usage", out _), Is.True);
    }

    [Test]
    public async Task A_mask_reaches_a_model_that_takes_one_with_the_images_in_the_order_sent()
    {
        var second = PngImage.Render("a second picture", 1, 16, 16);
        var mask = PngImage.Render("a mask", 2, 96, 64);
        var form = new MultipartFormDataContent
        {
            { Image(Input), "image[]", "first.png" },
            { Image(second), "image[]", "second.png" },
            { Image(mask), "mask", "mask.png" },
            { new StringContent(Prompt), "prompt" },
            { new StringContent("mask-editor"), "model" },
            { new StringContent("b64_json"), "response_format" },
        };

        using var response = await _server.EditAsync(form);

        Assert.That(await OnlyImageAsync(response), Is.EqualTo(Input), "the first image is the one edited");
        var received = _server.Recorder().Received[^1];
        Assert.That(received.InputImages.Select(i => i.Data.ToArray()), Is.EqualTo(new[] { Input, second }));
        Assert.That(received.InputImages.Select(i => i.FileName), Is.EqualTo(new[] { "first.png", "second.png" }));
        Assert.That(received.Mask!.Data.ToArray(), Is.EqualTo(mask));
        Assert.That(received.Mask.MediaType, Is.EqualTo("image/png"));
    }

    [Test]
    public async Task A_model_that_needs_an_image_is_400_on_generations_before_a_stream_starts()
    {
        var before = Kontext.Requests.Count;

        using var plain = await GenerateAsync("""{"model":"flux-kontext","prompt":"a cat"}""");
        using var streamed = await GenerateAsync("""{"model":"flux-kontext","prompt":"a cat","stream":true}""");

        Assert.That(await ErrorParamAsync(plain), Is.EqualTo("model"));
        Assert.That(await ErrorParamAsync(streamed), Is.EqualTo("model"));
        Assert.That((await JsonAsync(plain)).GetProperty("error").GetProperty("message").GetString(), Does.Contain("needs an input image").And.Contain("/v1/images/edits"));
        Assert.That(Kontext.Requests, Has.Count.EqualTo(before), "nothing reached the Space");
    }

    [Test]
    public async Task A_JSON_edit_takes_a_data_url()
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = "flux-kontext",
            ["prompt"] = Prompt,
            ["seed"] = 3,
            ["response_format"] = "b64_json",
            ["images"] = new[] { new Dictionary<string, string> { ["image_url"] = $"data:image/png;base64,{Convert.ToBase64String(Input)}" } },
        });

        using var response = await _server.EditAsync(new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.That(await OnlyImageAsync(response), Is.EqualTo(FluxKontextDevSpace.RenderEdit(Input, Prompt, 3)));
    }

    [Test]
    public async Task A_JSON_edit_downloads_an_http_image_url_through_the_guarded_downloader()
    {
        await using var host = await HostileUpstream.StartAsync();
        var url = HostileUpstream.On(host.Primary, "/image.png");

        using var response = await _server.EditAsync(Json($$"""{"model":"flux-kontext","prompt":"{{Prompt}}","seed":4,"response_format":"b64_json","images":[{"image_url":"{{url}}"}]}"""));

        Assert.That(await OnlyImageAsync(response), Is.EqualTo(FluxKontextDevSpace.RenderEdit(PngImage.Render("hostile", 1, 8, 8), Prompt, 4)));
        Assert.That(host.Requests.Single().Headers.ContainsKey("Authorization"), Is.False, "no credential goes with it");
    }

    [TestCase("""{"model":"flux-kontext","prompt":"x","images":[{"file_id":"file-abc"}]}""", "images")]
    [TestCase("""{"model":"flux-kontext","prompt":"x","images":[]}""", "images")]
    [TestCase("""{"model":"flux-kontext","prompt":"x"}""", "images")]
    [TestCase("""{"model":"flux-kontext","prompt":"x","images":[{"image_url":"ftp://example.com/a.png"}]}""", "images")]
    [TestCase("""{"model":"flux-kontext","prompt":"x","images":[{"image_url":"data:image/png;base64,!!!"}]}""", "images")]
    [TestCase("""{"model":"flux-kontext","prompt":"x","images":[{"image_url":"data:text/plain;base64,aGVsbG8="}]}""", "images")]
    [TestCase("""{"model":"flux-kontext","prompt":"x","images":["https://example.com/a.png"]}""", "images")]
    [TestCase("""{"model":"flux-kontext","prompt":"x","images":[{"image_url":"data:image/png;base64,iVBORw0KGgo="}],"mask":{"file_id":"file-abc"}}""", "mask")]
    [TestCase("""{"model":"flux-kontext","images":[{"image_url":"data:image/png;base64,iVBORw0KGgo="}]}""", "prompt")]
    [TestCase("""{"model":"flux-dev","prompt":"x","images":[{"image_url":"data:image/png;base64,iVBORw0KGgo="}]}""", "model")]
    public async Task A_JSON_edit_fault_is_400_naming_its_field(string body, string param)
    {
        using var response = await _server.EditAsync(Json(body));

        Assert.That(await ErrorParamAsync(response), Is.EqualTo(param));
    }

    [Test]
    public async Task A_JSON_image_url_on_a_private_address_is_refused_when_private_downloads_are_off()
    {
        await using var host = await HostileUpstream.StartAsync();
        await using var server = await ServerFixture.StartAsync(
            "http://127.0.0.1:0",
            offline: true,
            configure: builder => builder.Configuration.AddInMemoryCollection([new("FluxImaging:Server:AllowPrivateNetworkDownloads", "false")]));

        using var response = await server.Http.PostAsync(server.Url(EditsPath), Json($$"""{"model":"flux-kontext","prompt":"x","images":[{"image_url":"{{HostileUpstream.On(host.Primary, "/image.png")}}"}]}"""));

        Assert.That(await ErrorParamAsync(response), Is.EqualTo("images"));
        Assert.That((await JsonAsync(response)).GetProperty("error").GetProperty("message").GetString(), Does.Contain(GuardedDownloader.RefusedMessage).And.Not.Contain("127.0.0.1"));
        Assert.That(host.Requests, Is.Empty);
    }

    [Test]
    public async Task An_edit_over_the_body_limit_is_413()
    {
        byte[] large = [.. Input, .. new byte[1024 * 1024]];

        using var response = await _server.EditAsync(Form("flux-kontext", image: large));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await JsonAsync(response)).GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("request_too_large"));
    }

    [Test]
    public async Task Edits_count_against_the_per_client_generation_limit()
    {
        // A server of its own: a finished request of another test may still hold its permit for a moment.
        await using var server = await EditServer.StartAsync();
        var recorder = server.Recorder();
        recorder.Hold();
        List<Task<HttpResponseMessage>> held;
        HttpResponseMessage fifth;
        try
        {
            // The default per-client limit is 4: four edits reach the provider and wait there.
            held = [.. Enumerable.Range(0, 4).Select(_ => server.EditAsync(Form("mask-editor")))];
            await recorder.WaitForEditsAsync(4);
            fifth = await server.EditAsync(Form("mask-editor"));
        }
        finally
        {
            recorder.Release();
        }

        var completed = await Task.WhenAll(held);
        Assert.That(completed.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.OK));
        Assert.That(fifth.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That((await JsonAsync(fifth)).GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("rate_limit_exceeded"));
        foreach (var response in completed.Append(fifth))
        {
            response.Dispose();
        }
    }

    private static MultipartFormDataContent Form(string model, long? seed = null, string? responseFormat = "b64_json", byte[]? image = null, int steps = 4)
    {
        var form = new MultipartFormDataContent
        {
            { Image(image ?? Input), "image", "input.png" },
            { new StringContent(Prompt), "prompt" },
            { new StringContent(model), "model" },
            { new StringContent(steps.ToString(System.Globalization.CultureInfo.InvariantCulture)), "num_inference_steps" },
        };
        if (seed is not null)
        {
            form.Add(new StringContent(seed.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)), "seed");
        }

        if (responseFormat is not null)
        {
            form.Add(new StringContent(responseFormat), "response_format");
        }

        return form;
    }

    private static ByteArrayContent Image(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        return content;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> GenerateAsync(string json) =>
        _server.Http.PostAsync(_server.Url("/v1/images/generations"), Json(json));

    private static (int Width, int Height) PngSize(byte[] png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
}
