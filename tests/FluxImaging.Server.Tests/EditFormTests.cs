using System.Text;
using FluxImaging.Server.Tests.Support;
using FluxImaging.Testing.Gradio;
using static FluxImaging.Server.Tests.Support.EditServer;

namespace FluxImaging.Server.Tests;

/// <summary>
/// <c>POST /v1/images/edits</c> as multipart/form-data, byte by byte: every shape clients send is read, and every
/// fault is a 400 that names its field (or, for a body that is not multipart at all, none).
/// </summary>
[TestFixture]
public sealed class EditFormTests
{
    private const string Prompt = "make it snow";

    private ServerFixture _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await EditServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    public static IEnumerable<TestCaseData> Shapes()
    {
        yield return Shape("a quoted boundary, CRLF", $"multipart/form-data; boundary=\"b0und4ry\"", Form().File("image", Input).Fields());
        yield return Shape("an unquoted boundary", "multipart/form-data; boundary=b0und4ry", Form().File("image", Input).Fields());
        yield return Shape("bare LF line ends", "multipart/form-data; boundary=b0und4ry", Form("\n").File("image", Input).Fields());
        yield return Shape("the image as image[]", null, Form().File("image[]", Input).Fields());
        yield return Shape("the image as image[0]", null, Form().File("image[0]", Input).Fields());
        yield return Shape("filename* (RFC 5987) only", null, Form().Part(Input, "Content-Disposition: form-data; name=\"image\"; filename*=utf-8''%C3%A9t%C3%A9.png", "Content-Type: image/png").Fields());
        yield return Shape("filename and filename*, as System.Net.Http writes them", null, Form().Part(Input, "Content-Disposition: form-data; name=image; filename=input.png; filename*=utf-8''input.png").Fields());
        yield return Shape("no Content-Type on any part", null, Form().File("image", Input, contentType: null).Fields());
        yield return Shape("a wrong Content-Type on the image", null, Form().File("image", Input, "notes.txt", "text/plain").Fields());
        yield return Shape("text parts declaring text/plain; charset=utf-8", null, Form().File("image", Input).Fields("text/plain; charset=utf-8"));
        yield return Shape("a preamble, padding after the boundary and header names in lower case", null, Preamble());
    }

    [TestCaseSource(nameof(Shapes))]
    public async Task Every_multipart_shape_clients_send_is_read(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType ?? "multipart/form-data; boundary=b0und4ry");

        using var response = await _server.EditAsync(content);

        Assert.That(await OnlyImageAsync(response), Is.EqualTo(FluxKontextDevSpace.RenderEdit(Input, Prompt, 7)));
    }

    public static IEnumerable<TestCaseData> Faults()
    {
        yield return Fault("no image", "image", Form().Fields());
        yield return Fault("no prompt", "prompt", Form().File("image", Input).Field("model", "flux-kontext"));
        yield return Fault("a blank prompt", "prompt", Form().File("image", Input).Field("prompt", "  ").Field("model", "flux-kontext"));
        yield return Fault("an image that is text", "image", Form().File("image", "not a picture"u8.ToArray()).Fields());
        yield return Fault("an empty image", "image", Form().File("image", []).Fields());
        yield return Fault("two images for a model that takes one", "image", Form().File("image[]", Input).File("image[]", Input).Fields());
        yield return Fault("a mask for a model without a mask input", "mask", Form().File("image", Input).File("mask", Input).Fields());
        yield return Fault("a mask that is not an image", "mask", Form().File("image", Input).File("mask", "GIF8"u8.ToArray()).Fields(model: "mask-editor"));
        yield return Fault("two masks", "mask", Form().File("image", Input).File("mask", Input).File("mask", Input).Fields(model: "mask-editor"));
        yield return Fault("a model that takes no image", "model", Form().File("image", Input).Fields(model: "flux-dev"));
        yield return Fault("n in words", "n", Form().File("image", Input).Field("n", "two").Fields());
        yield return Fault("n with a space", "n", Form().File("image", Input).Field("n", " 2").Fields());
        yield return Fault("n over MaxImages", "n", Form().File("image", Input).Field("n", "11").Fields());
        yield return Fault("a decimal seed", "seed", Form().File("image", Input).Fields(seed: "7.5"));
        yield return Fault("stream as yes", "stream", Form().File("image", Input).Field("stream", "yes").Fields());
        yield return Fault("partial_images over 3", "partial_images", Form().File("image", Input).Field("partial_images", "4").Fields());
        yield return Fault("response_format png", "response_format", Form().File("image", Input).Fields(responseFormat: "png"));
        yield return Fault("a malformed size", "size", Form().File("image", Input).Field("size", "big").Fields());
        yield return Fault("the prompt twice", "prompt", Form().File("image", Input).Field("prompt", "again").Fields());
        yield return Fault("a prompt that is not UTF-8", "prompt", Form().File("image", Input).Part([0xC3, 0x28], "Content-Disposition: form-data; name=\"prompt\"").Field("model", "flux-kontext"));
    }

    [TestCaseSource(nameof(Faults))]
    public async Task Each_fault_is_400_naming_its_field(byte[] body, string param)
    {
        using var response = await _server.EditAsync(Content(body));

        Assert.That(await ErrorParamAsync(response), Is.EqualTo(param));
    }

    public static IEnumerable<TestCaseData> Malformed()
    {
        yield return new TestCaseData(Form().File("image", Input).Fields().ToArray(close: false), "multipart/form-data; boundary=b0und4ry").SetArgDisplayNames("no closing boundary");
        yield return new TestCaseData(Form().File("image", Input).Fields().ToArray(), "multipart/form-data").SetArgDisplayNames("no boundary in the Content-Type");
        yield return new TestCaseData(Form().File("image", Input).Fields().ToArray(), "multipart/form-data; boundary=another").SetArgDisplayNames("another boundary than the body's");
        yield return new TestCaseData(Form().Part(Input, "Content-Type: image/png").Fields().ToArray(), "multipart/form-data; boundary=b0und4ry").SetArgDisplayNames("a part without Content-Disposition");
        yield return new TestCaseData(Form().Part(Input, "Content-Disposition: attachment; name=\"image\"").Fields().ToArray(), "multipart/form-data; boundary=b0und4ry").SetArgDisplayNames("a part that is not form-data");
        yield return new TestCaseData(Form().Part(Input, "Content-Disposition form-data").Fields().ToArray(), "multipart/form-data; boundary=b0und4ry").SetArgDisplayNames("a header line without a colon");
        yield return new TestCaseData(Encoding.ASCII.GetBytes("--b0und4ry\r\nContent-Disposition: form-data; name=\"prompt\"\r\n" + new string('x', 9000)), "multipart/form-data; boundary=b0und4ry").SetArgDisplayNames("headers that never end");
    }

    [TestCaseSource(nameof(Malformed))]
    public async Task A_body_that_is_not_valid_multipart_is_400_naming_no_field(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await _server.EditAsync(content);

        Assert.That(await ErrorParamAsync(response), Is.Null);
    }

    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase(null)]
    public async Task A_body_neither_multipart_nor_JSON_is_415(string? contentType)
    {
        var content = new ByteArrayContent("image=cat.png&prompt=x"u8.ToArray());
        content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await _server.EditAsync(content);

        Assert.That(await ErrorParamAsync(response, 415), Is.Null);
    }

    private static RawForm Form(string lineEnd = "\r\n") => new("b0und4ry", lineEnd);

    private static TestCaseData Shape(string name, string? contentType, RawForm form) => Shape(name, contentType, form.ToArray());

    private static TestCaseData Shape(string name, string? contentType, byte[] body) =>
        new TestCaseData(body, contentType).SetArgDisplayNames(name);

    private static TestCaseData Fault(string name, string param, RawForm form) =>
        new TestCaseData(form.ToArray(), param).SetArgDisplayNames(name);

    private static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b0und4ry");
        return content;
    }

    /// <summary>A preamble before the first boundary, spaces after a boundary, lower-case header names, an epilogue.</summary>
    private static byte[] Preamble()
    {
        var head = Encoding.ASCII.GetBytes("This is a multipart body.\r\n--b0und4ry  \r\ncontent-disposition: form-data; name=\"image\"; filename=\"input.png\"\r\ncontent-type: image/png\r\n\r\n");
        var rest = Form().Fields().ToArray();
        return [.. head, .. Input, .. "\r\n"u8, .. rest, .. "an epilogue nobody reads\r\n"u8];
    }
}

/// <summary>The text fields an edit of <see cref="EditServer.Input"/> by Kontext needs, with a seed so the result is known.</summary>
internal static class EditFormFields
{
    public static RawForm Fields(this RawForm form, string? contentType = null, string model = "flux-kontext", string seed = "7", string responseFormat = "b64_json") => form
        .Field("prompt", "make it snow", contentType)
        .Field("model", model, contentType)
        .Field("seed", seed, contentType)
        .Field("num_inference_steps", "4", contentType)
        .Field("response_format", responseFormat, contentType);
}
