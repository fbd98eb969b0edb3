using System.Globalization;
using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// The <c>GET {prefix}/info</c> document of an emulated Space (<c>blocks.py</c> <c>get_api_info</c>, <c>spaces.md</c> §1.1):
/// named endpoints with their parameters (no <c>skip_api</c> inputs) and returns, shaped per Gradio version.
/// </summary>
internal static class SpaceInfoDocument
{
    public static JsonObject Build(GradioLayout layout, IReadOnlyList<SpaceFunction> functions)
    {
        var named = new JsonObject();
        foreach (var function in functions.Where(f => f.ApiName.Length > 0))
        {
            var endpoint = new JsonObject
            {
                ["parameters"] = new JsonArray([.. function.ApiInputs.Select(i => Parameter(i, layout))]),
                ["returns"] = new JsonArray([.. function.Outputs.Where(o => !o.SkipApi).Select(o => Return(o, layout))]),
            };
            if (layout >= GradioLayout.Gradio6)
            {
                endpoint["api_visibility"] = "public";
            }
            else
            {
                endpoint["show_api"] = true;
            }

            if (layout >= GradioLayout.Gradio5)
            {
                endpoint["description"] = string.Empty;
            }

            named["/" + function.ApiName] = endpoint;
        }

        return new JsonObject { ["named_endpoints"] = named, ["unnamed_endpoints"] = new JsonObject() };
    }

    private static JsonObject Parameter(SpaceComponent input, GradioLayout layout)
    {
        var (schema, pythonType) = Schema(input, layout);
        var hasDefault = input.Value is not null || input.PythonDefaultIsNone;
        return new JsonObject
        {
            ["label"] = input.Label,
            ["parameter_name"] = input.ParameterName ?? input.Label.ToLowerInvariant(),
            ["parameter_has_default"] = hasDefault,
            ["parameter_default"] = input.Value?.DeepClone(),
            ["type"] = schema,
            ["python_type"] = new JsonObject { ["type"] = pythonType, ["description"] = schema["additional_description"]?.DeepClone() ?? string.Empty },
            ["component"] = Capitalize(input.Type),
            ["example_input"] = ExampleInput(input),
        };
    }

    private static JsonObject Return(SpaceComponent output, GradioLayout layout)
    {
        var (schema, pythonType) = Schema(output, layout);
        return new JsonObject
        {
            ["label"] = output.Label,
            ["type"] = schema,
            ["python_type"] = new JsonObject { ["type"] = pythonType, ["description"] = schema["description"]?.DeepClone() ?? string.Empty },
            ["component"] = Capitalize(output.Type),
        };
    }

    /// <summary>The component's JSON schema (<c>api_info</c>) and the Python type <c>gradio_client</c> derives from it.</summary>
    private static (JsonObject Schema, string PythonType) Schema(SpaceComponent component, GradioLayout layout) => component.Type switch
    {
        "slider" or "number" => (new JsonObject
        {
            ["type"] = "number",
            ["description"] = string.Create(CultureInfo.InvariantCulture, $"numeric value between {component.Minimum} and {component.Maximum}"),
        }, "float"),
        "checkbox" => (new JsonObject { ["type"] = "boolean" }, "bool"),
        "image" => (FileSchema(layout >= GradioLayout.Gradio5 ? "ImageData" : "FileData"), "filepath"),
        "gallery" => (GallerySchema(layout), layout >= GradioLayout.Gradio5
            ? "List[Dict(image: filepath, caption: str | None) | Dict(video: filepath, caption: str | None)]"
            : "List[Dict(image: filepath, caption: str | None)]"),
        _ => (new JsonObject { ["type"] = "string" }, "str"),
    };

    private static JsonNode? ExampleInput(SpaceComponent input) => input.Type switch
    {
        "slider" or "number" => input.Minimum,
        "checkbox" => true,
        "image" => new JsonObject
        {
            ["path"] = "https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png",
            ["meta"] = new JsonObject { ["_type"] = "gradio.FileData" },
        },
        "gallery" => new JsonArray(new JsonObject
        {
            ["image"] = new JsonObject
            {
                ["path"] = "https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png",
                ["meta"] = new JsonObject { ["_type"] = "gradio.FileData" },
            },
            ["caption"] = null,
        }),
        _ => "Hello!!",
    };

    private static JsonObject FileSchema(string title) => new()
    {
        ["properties"] = new JsonObject
        {
            ["path"] = new JsonObject { ["title"] = "Path", ["type"] = "string" },
            ["url"] = Optional("Url", "string"),
            ["size"] = Optional("Size", "integer"),
            ["orig_name"] = Optional("Orig Name", "string"),
            ["mime_type"] = Optional("Mime Type", "string"),
            ["is_stream"] = new JsonObject { ["default"] = false, ["title"] = "Is Stream", ["type"] = "boolean" },
            ["meta"] = new JsonObject { ["default"] = new JsonObject { ["_type"] = "gradio.FileData" }, ["title"] = "Meta", ["type"] = "object" },
        },
        ["required"] = new JsonArray("path"),
        ["title"] = title,
        ["type"] = "object",
    };

    private static JsonObject GallerySchema(GradioLayout layout)
    {
        var image = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["image"] = FileSchema(layout >= GradioLayout.Gradio5 ? "ImageData" : "FileData"),
                ["caption"] = Optional("Caption", "string"),
            },
            ["required"] = new JsonArray("image"),
            ["title"] = "GalleryImage",
            ["type"] = "object",
        };
        JsonNode items = image;
        if (layout >= GradioLayout.Gradio5)
        {
            var video = new JsonObject
            {
                ["properties"] = new JsonObject { ["video"] = FileSchema("FileData"), ["caption"] = Optional("Caption", "string") },
                ["required"] = new JsonArray("video"),
                ["title"] = "GalleryVideo",
                ["type"] = "object",
            };
            items = new JsonObject { ["anyOf"] = new JsonArray(image, video) };
        }

        return new JsonObject { ["items"] = items, ["title"] = "GalleryData", ["type"] = "array" };
    }

    private static JsonObject Optional(string title, string type) => new()
    {
        ["anyOf"] = new JsonArray(new JsonObject { ["type"] = type }, new JsonObject { ["type"] = "null" }),
        ["default"] = null,
        ["title"] = title,
    };

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
