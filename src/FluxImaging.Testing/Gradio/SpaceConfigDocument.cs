using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>The <c>GET /config</c> document of an emulated Space, in the field order and shape of its Gradio version.</summary>
internal static class SpaceConfigDocument
{
    public static JsonObject Build(GradioLayout layout, string title, string root, string? spaceId, IReadOnlyList<SpaceComponent> components, IReadOnlyList<SpaceFunction> functions)
    {
        var config = new JsonObject
        {
            ["version"] = VersionOf(layout),
        };
        if (layout >= GradioLayout.Gradio5)
        {
            config["api_prefix"] = "/gradio_api";
        }

        config["mode"] = "blocks";
        config["app_id"] = 1_234_567;
        config["dev_mode"] = false;
        config["analytics_enabled"] = false;
        config["protocol"] = "sse_v3";
        config["root"] = root;
        config["enable_queue"] = true;
        config["space_id"] = spaceId;
        config["connect_heartbeat"] = false;
        config["show_error"] = false;
        if (layout < GradioLayout.Gradio6)
        {
            config["show_api"] = true;
        }

        config["is_colab"] = false;
        config["title"] = title;
        config["components"] = new JsonArray([.. components.Select(Component)]);
        config["dependencies"] = new JsonArray([.. functions.Select(f => Function(f, layout))]);
        return config;
    }

    /// <summary>The exact release each layout stands for (the JavaScript client needs at least 3.30).</summary>
    public static string VersionOf(GradioLayout layout) => layout switch
    {
        GradioLayout.Gradio4 => "4.44.1",
        GradioLayout.Gradio5 => "5.49.1",
        _ => "6.25.0",
    };

    private static JsonObject Component(SpaceComponent component)
    {
        var props = new JsonObject { ["label"] = component.Label };
        if (component.Value is not null)
        {
            props["value"] = component.Value.DeepClone();
        }

        if (component.Minimum is { } min)
        {
            props["minimum"] = min;
        }

        if (component.Maximum is { } max)
        {
            props["maximum"] = max;
        }

        if (component.Step is { } step)
        {
            props["step"] = step;
        }

        return new JsonObject
        {
            ["id"] = component.Id,
            ["type"] = component.Type,
            ["props"] = props,
            ["skip_api"] = component.SkipApi,
            ["component_class_id"] = component.Type,
            ["key"] = null,
        };
    }

    private static JsonObject Function(SpaceFunction function, GradioLayout layout)
    {
        var dependency = new JsonObject
        {
            ["id"] = function.Id,
            ["targets"] = new JsonArray([.. function.Targets.Select(t => new JsonArray(t.Component, t.Event))]),
            ["inputs"] = new JsonArray([.. function.Inputs.Select(i => (JsonNode)i.Id)]),
            ["outputs"] = new JsonArray([.. function.Outputs.Select(o => (JsonNode)o.Id)]),
            ["backend_fn"] = true,
            ["js"] = null,
            ["queue"] = true,
            ["api_name"] = function.ApiName.Length == 0 ? false : function.ApiName,
            ["scroll_to_output"] = false,
            ["show_progress"] = "full",
            ["batch"] = false,
            ["max_batch_size"] = 4,
            ["cancels"] = new JsonArray(),
            ["types"] = new JsonObject { ["generator"] = function.IsGenerator, ["cancel"] = false },
            ["collects_event_data"] = false,
            ["trigger_after"] = null,
            ["trigger_only_on_success"] = false,
            ["trigger_mode"] = "once",
        };
        if (layout >= GradioLayout.Gradio6)
        {
            dependency["api_visibility"] = function.ApiName.Length > 0 ? "public" : "private";
        }
        else
        {
            dependency["show_api"] = function.ApiName.Length > 0;
        }

        dependency["connection"] = "sse";
        return dependency;
    }
}
