using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Testing.Tests.Gradio;

/// <summary><c>/call/v2/{api}</c> with named arguments on 6.x, and what older versions answer (<c>spaces.md</c> §1.3).</summary>
[TestFixture]
public sealed class CallV2Tests
{
    [Test]
    public async Task Named_arguments_run_with_the_other_parameters_at_their_defaults()
    {
        await using var space = (StableDiffusion35LargeSpace)await Spaces.StartAsync("SD35Large", GradioLayout.Gradio6);
        space.FinalSize = 16;
        using var wire = new SpaceWire(space);

        var events = await wire.CallAsync("infer", new JsonObject { ["prompt"] = "a fox", ["negative_prompt"] = "", ["seed"] = 11, ["randomize_seed"] = false, ["num_inference_steps"] = 2 }, named: true);

        Assert.That(events[^1].Event, Is.EqualTo("complete"));
        var data = JsonNode.Parse(events[^1].Data)!.AsArray();
        Assert.That((long)data[1]!, Is.EqualTo(11));
        Assert.That(events[^1].Data, Does.Contain("\"meta\": {\"_type\": \"gradio.FileData\"}"), "Python's json.dumps spacing");
    }

    [TestCase("""{"prompt":"a fox","negative_prompt":"","colour":"red"}""", 500, TestName = "An unknown keyword is a 500")]
    [TestCase("""{"seed":3}""", 500, TestName = "A missing required argument is a 500")]
    [TestCase("""["a fox"]""", 422, TestName = "A body that is not an object is a 422")]
    public async Task Bad_named_calls_are_refused(string body, int status)
    {
        await using var space = await Spaces.StartAsync("SD35Large", GradioLayout.Gradio6);
        using var wire = new SpaceWire(space);

        using var response = await wire.Http.PostAsync("/gradio_api/call/v2/infer", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
    }

    [Test]
    public async Task On_5x_a_post_to_call_v2_is_method_not_allowed()
    {
        await using var space = await Spaces.StartAsync("SD35Large", GradioLayout.Gradio5);
        using var wire = new SpaceWire(space);

        using var response = await wire.Http.PostAsync("/gradio_api/call/v2/infer", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"detail":"Method Not Allowed"}"""));
    }
}
