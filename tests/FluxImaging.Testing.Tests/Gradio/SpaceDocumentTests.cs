using System.Text.Json.Nodes;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Testing.Tests.Gradio;

/// <summary><c>/config</c> and <c>/info</c> of each Space, per Gradio version (<c>gradio.md</c> §3, <c>spaces.md</c> §1.1, §5).</summary>
[TestFixture]
public sealed class SpaceDocumentTests
{
    [TestCase("SD35Large", GradioLayout.Gradio5, "5.49.1")]
    [TestCase("SD35Large", GradioLayout.Gradio6, "6.25.0")]
    [TestCase("Kontext", GradioLayout.Gradio5, "5.49.1")]
    [TestCase("OfficialSchnell", GradioLayout.Gradio5, "5.49.1")]
    public async Task A_preset_announces_its_release_the_prefix_and_infer_at_fn_index_2(string name, GradioLayout layout, string version)
    {
        await using var space = await Spaces.StartAsync(name, layout);
        using var wire = new SpaceWire(space);

        var config = await wire.ConfigAsync();

        Assert.That((string?)config["version"], Is.EqualTo(version));
        Assert.That((string?)config["api_prefix"], Is.EqualTo("/gradio_api"));
        Assert.That((string?)config["protocol"], Is.EqualTo("sse_v3"));
        Assert.That((string?)config["root"], Is.EqualTo(space.BaseAddress.AbsoluteUri.TrimEnd('/')));
        var infer = config["dependencies"]!.AsArray().Single(d => d!["api_name"] is JsonValue v && v.TryGetValue<string>(out var api) && api == "infer")!;
        Assert.That((int)infer["id"]!, Is.EqualTo(2));
    }

    [Test]
    public async Task Sd35_info_lists_its_eight_parameters_with_prompt_and_negative_prompt_required()
    {
        await using var space = await Spaces.StartAsync("SD35Large");
        using var wire = new SpaceWire(space);

        var endpoint = (await wire.InfoAsync())["named_endpoints"]!["/infer"]!;
        var parameters = endpoint["parameters"]!.AsArray();

        Assert.That(parameters.Select(p => (string?)p!["parameter_name"]), Is.EqualTo(new[] { "prompt", "negative_prompt", "seed", "randomize_seed", "width", "height", "guidance_scale", "num_inference_steps" }));
        Assert.That(parameters.Take(2).Select(p => ((bool)p!["parameter_has_default"]!, p["parameter_default"])), Has.All.EqualTo((false, (JsonNode?)null)));
        Assert.That(parameters.Select(p => (string?)p!["component"]), Is.EqualTo(new[] { "Textbox", "Textbox", "Slider", "Checkbox", "Slider", "Slider", "Slider", "Slider" }));
        Assert.That(parameters.Select(p => (string?)p!["python_type"]!["type"]), Is.EqualTo(new[] { "str", "str", "float", "bool", "float", "float", "float", "float" }));
        Assert.That((double)parameters[6]!["parameter_default"]!, Is.EqualTo(4.5));
        Assert.That((string?)parameters[4]!["type"]!["description"], Is.EqualTo("numeric value between 512 and 1440"));
        Assert.That((bool)parameters[3]!["parameter_default"]!, Is.True);
        Assert.That(endpoint["returns"]!.AsArray().Select(r => (string?)r!["component"]), Is.EqualTo(new[] { "Image", "Slider" }));
        Assert.That((string?)endpoint["returns"]![0]!["python_type"]!["type"], Is.EqualTo("filepath"));
        Assert.That((bool?)endpoint["show_api"], Is.True);
        Assert.That(endpoint.AsObject().ContainsKey("description"), Is.True, "5.x endpoints carry a description");
    }

    [Test]
    public async Task On_6x_visibility_is_api_visibility_in_info_and_in_config()
    {
        await using var space = await Spaces.StartAsync("SD35Large", GradioLayout.Gradio6);
        using var wire = new SpaceWire(space);

        var endpoint = (await wire.InfoAsync())["named_endpoints"]!["/infer"]!.AsObject();
        var config = await wire.ConfigAsync();

        Assert.That((string?)endpoint["api_visibility"], Is.EqualTo("public"));
        Assert.That(endpoint.ContainsKey("show_api"), Is.False);
        var dependencies = config["dependencies"]!.AsArray();
        Assert.That(dependencies.Select(d => (string?)d!["api_visibility"]), Is.EqualTo(new[] { "private", "private", "public" }));
        Assert.That(dependencies.Any(d => d!.AsObject().ContainsKey("show_api")), Is.False);
    }

    [Test]
    public async Task On_4x_the_api_is_at_the_root_and_endpoints_have_no_description()
    {
        await using var space = await Spaces.StartAsync("Gallery", GradioLayout.Gradio4);
        using var wire = new SpaceWire(space);

        var config = await wire.ConfigAsync();
        var endpoint = (await wire.InfoAsync())["named_endpoints"]!["/generate"]!.AsObject();

        Assert.That((string?)config["version"], Is.EqualTo("4.44.1"));
        Assert.That(config.ContainsKey("api_prefix"), Is.False);
        Assert.That(endpoint.ContainsKey("description"), Is.False);
        Assert.That((bool?)endpoint["show_api"], Is.True);
        Assert.That((string?)endpoint["returns"]![0]!["python_type"]!["type"], Is.EqualTo("List[Dict(image: filepath, caption: str | None)]"));
    }

    [Test]
    public async Task A_state_input_is_in_the_dependency_but_not_in_info()
    {
        await using var space = await Spaces.StartAsync("Gallery");
        using var wire = new SpaceWire(space);

        var config = await wire.ConfigAsync();
        var parameters = (await wire.InfoAsync())["named_endpoints"]!["/generate"]!["parameters"]!.AsArray();

        var dependency = config["dependencies"]![0]!;
        Assert.That(dependency["inputs"]!.AsArray(), Has.Count.EqualTo(8));
        Assert.That(parameters.Select(p => (string?)p!["parameter_name"]), Is.EqualTo(new[] { "prompt", "negative_prompt", "seed", "randomize_seed", "width", "height", "num_images" }));
        var state = config["components"]!.AsArray().Single(c => (string?)c!["type"] == "state")!;
        Assert.That((bool)state["skip_api"]!, Is.True);
        Assert.That((string?)(await wire.InfoAsync())["named_endpoints"]!["/generate"]!["returns"]![0]!["python_type"]!["type"], Is.EqualTo("List[Dict(image: filepath, caption: str | None) | Dict(video: filepath, caption: str | None)]"));
    }

    [Test]
    public async Task The_gallery_count_parameter_can_have_another_name()
    {
        await using var space = await ImageGallerySpace.StartAsync(countParameter: "num_outputs");
        using var wire = new SpaceWire(space);

        var parameters = (await wire.InfoAsync())["named_endpoints"]!["/generate"]!["parameters"]!.AsArray();

        Assert.That((string?)parameters[^1]!["parameter_name"], Is.EqualTo("num_outputs"));
    }

    [Test]
    public async Task Kontext_takes_the_image_first_and_its_run_button_is_trigger_7()
    {
        await using var space = await Spaces.StartAsync("Kontext");
        using var wire = new SpaceWire(space);

        var infer = (await wire.ConfigAsync())["dependencies"]![2]!;
        var parameters = (await wire.InfoAsync())["named_endpoints"]!["/infer"]!["parameters"]!.AsArray();

        Assert.That(infer["targets"]!.ToJsonString(), Is.EqualTo("""[[7,"click"],[6,"submit"]]"""));
        Assert.That((bool)infer["types"]!["generator"]!, Is.True);
        Assert.That(infer["outputs"]!.AsArray(), Has.Count.EqualTo(3));
        Assert.That(parameters.Select(p => (string?)p!["parameter_name"]), Is.EqualTo(new[] { "input_image", "prompt", "seed", "randomize_seed", "guidance_scale", "steps" }));
        Assert.That(((string?)parameters[0]!["component"], (string?)parameters[0]!["python_type"]!["type"], (bool)parameters[0]!["parameter_has_default"]!), Is.EqualTo(("Image", "filepath", false)));
        Assert.That((string?)parameters[0]!["type"]!["title"], Is.EqualTo("ImageData"));
    }
}
