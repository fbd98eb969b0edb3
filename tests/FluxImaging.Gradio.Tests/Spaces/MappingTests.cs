using System.Net;
using System.Text.Json;
using FluxImaging.Testing.Gradio;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace FluxImaging.Gradio.Tests.Spaces;

/// <summary>spaces.md §1.2: the request reaches the Space's parameters by name; sliders are clamped and rounded; nothing is left out.</summary>
[TestFixture]
public sealed class MappingTests
{
    [TestCase(GradioLayout.Gradio5)]
    [TestCase(GradioLayout.Gradio6)]
    public async Task Every_request_field_goes_to_the_parameter_named_for_it_sizes_on_the_slider_and_guidance_as_given(GradioLayout layout)
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync(layout);
        space.FinalSize = 16;
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", SpaceHarness.At(space.BaseAddress)));

        await harness.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "sd-3.5-large", Seed = 7, Width = 1000, Height = 700, GuidanceScale = 4.24, Steps = 60 });

        // prompt, negative_prompt (a required text box nothing fills gets ""), seed, randomize_seed, width and height on
        // the slider's step of 32, guidance with its decimals (spaces.md: never truncated), steps clamped to 50.
        var data = JoinData(space);
        Assert.That(data, Is.EqualTo(new object?[] { "a cat", "", 7L, false, 992L, 704L, 4.24, 50L }));
    }

    [Test]
    public async Task Unset_fields_keep_the_Spaces_defaults_and_the_guidance_stays_a_decimal()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.FinalSize = 16;
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", SpaceHarness.At(space.BaseAddress)));

        await harness.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "sd3.5", GuidanceScale = 3.5, NegativePrompt = "blurry" });

        var data = JoinData(space);
        Assert.That(data[1], Is.EqualTo("blurry"));
        Assert.That((data[3], data[4], data[5], data[6], data[7]), Is.EqualTo((true, 1024L, 1024L, 3.5, 40L)), "randomize, size and steps from /info; 3.5 is not truncated");
    }

    [Test]
    public async Task Configuration_maps_one_parameter_to_a_field_or_a_literal_and_sets_defaults()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.FinalSize = 16;
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", o =>
        {
            SpaceHarness.At(space.BaseAddress)(o);
            o.Inputs["negative_prompt"] = "prompt";
            o.Inputs["guidance_scale"] = "2.5";
            o.Defaults["num_inference_steps"] = "12";
        }));

        await harness.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "sd3.5", GuidanceScale = 7 });

        var data = JoinData(space);
        Assert.That((data[1], data[6], data[7]), Is.EqualTo(("a cat", 2.5, 12L)));
    }

    [Test]
    public async Task Extras_set_parameters_no_field_maps_but_never_the_prompt()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.FinalSize = 16;
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", SpaceHarness.At(space.BaseAddress)));

        await harness.Client.GenerateImageAsync(new ImageRequest("a cat")
        {
            Model = "sd3.5",
            AdditionalProperties = new Dictionary<string, object?> { ["prompt"] = "not this", ["randomize_seed"] = false },
        });

        var data = JoinData(space);
        Assert.That((data[0], data[3]), Is.EqualTo(("a cat", false)));
    }

    [Test]
    public void A_required_parameter_nothing_fills_is_an_invalid_request_naming_it_and_nothing_is_sent()
    {
        using var http = new MockHttpMessageHandler();
        http.When(HttpMethod.Get, "http://space.test/config").Respond("application/json", """
            {"version":"5.49.1","api_prefix":"/gradio_api","protocol":"sse_v3","components":[{"id":1,"type":"textbox","props":{}},{"id":2,"type":"dropdown","props":{"label":"Sampler"}},{"id":3,"type":"image","props":{}}],
             "dependencies":[{"id":0,"api_name":"run","inputs":[1,2],"outputs":[3],"targets":[[1,"submit"]],"types":{"generator":false}}]}
            """);
        http.When(HttpMethod.Get, "http://space.test/gradio_api/info").Respond("application/json", """
            {"named_endpoints":{"/run":{"parameters":[
               {"label":"Prompt","parameter_name":"prompt","parameter_has_default":false,"parameter_default":null,"component":"Textbox","python_type":{"type":"str"}},
               {"label":"Sampler","parameter_name":"sampler","parameter_has_default":false,"parameter_default":null,"component":"Dropdown","python_type":{"type":"str"}}],
             "returns":[{"label":"Result","component":"Image","python_type":{"type":"filepath"}}],"show_api":true}},"unnamed_endpoints":{}}
            """);
        var join = http.When(HttpMethod.Post, "http://space.test/gradio_api/queue/join").Respond(HttpStatusCode.OK, "application/json", """{"event_id":"e"}""");
        using var harness = MockedHarness(http);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("a cat", "mocked"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.InvalidRequest));
        Assert.That(error.Message, Does.Contain("'sampler'").And.Contain("Dropdown").And.Contain("Inputs:sampler"));
        Assert.That(http.GetMatchCount(join), Is.Zero);
    }

    [Test]
    public void A_Space_that_speaks_an_older_protocol_is_refused_clearly()
    {
        using var http = new MockHttpMessageHandler();
        http.When(HttpMethod.Get, "http://space.test/config").Respond("application/json", """{"version":"3.50.2","protocol":"ws","components":[],"dependencies":[]}""");
        using var harness = MockedHarness(http);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("a cat", "mocked"));

        Assert.That(error!.Message, Does.Contain("'ws' protocol").And.Contain("sse_v3"));
    }

    [Test]
    public void Several_image_endpoints_need_an_ApiName_and_the_error_names_them()
    {
        using var http = new MockHttpMessageHandler();
        http.When(HttpMethod.Get, "http://space.test/config").Respond("application/json", """
            {"version":"5.49.1","api_prefix":"/gradio_api","protocol":"sse_v3","components":[{"id":1,"type":"textbox","props":{}},{"id":2,"type":"image","props":{}}],
             "dependencies":[{"id":0,"api_name":"a","inputs":[1],"outputs":[2]},{"id":1,"api_name":"b","inputs":[1],"outputs":[2]}]}
            """);
        http.When(HttpMethod.Get, "http://space.test/gradio_api/info").Respond("application/json", """
            {"named_endpoints":{"/a":{"parameters":[{"parameter_name":"prompt","component":"Textbox"}],"returns":[{"component":"Image"}],"show_api":true},
                                "/b":{"parameters":[{"parameter_name":"prompt","component":"Textbox"}],"returns":[{"component":"Image"}],"show_api":true}}}
            """);
        using var harness = MockedHarness(http);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("a cat", "mocked"));

        Assert.That(error!.Message, Does.Contain("/a, /b").And.Contain("FluxImaging:Spaces:Mocked:ApiName"));
    }

    internal static object?[] JoinData(GradioSpaceEmulator space)
    {
        var join = space.Requests.Last(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(join.Body);
        return [.. body.RootElement.GetProperty("data").EnumerateArray().Select(Value)];
    }

    private static object? Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when element.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.Null => null,
        _ => element.GetRawText(),
    };

    private static MockedSpace MockedHarness(MockHttpMessageHandler http) => new(http);

    /// <summary>A harness whose Space is a mocked handler.</summary>
    private sealed class MockedSpace : IDisposable
    {
        private readonly ServiceProvider _services;

        public MockedSpace(MockHttpMessageHandler http)
        {
            var services = new ServiceCollection();
            services.AddFluxImaging()
                .Configure(o => o.Retry.MaxAttempts = 1)
                .AddGradioSpace("Mocked", o => o.Endpoint = new Uri("http://space.test"));
            services.AddHttpClient("FluxImaging.Mocked").ConfigurePrimaryHttpMessageHandler(() => http);
            _services = services.BuildServiceProvider();
        }

        public FluxImagingClient Client => _services.GetRequiredService<FluxImagingClient>();

        public void Dispose() => _services.Dispose();
    }
}
