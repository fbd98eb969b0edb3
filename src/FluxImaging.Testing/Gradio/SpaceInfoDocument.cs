using System.Globalization;
using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>The <c>GET {prefix}/info</c> document of an emulated Space: its named endpoints with parameters and returns.</summary>
internal static class SpaceInfoDocument
{
    public static JsonObject Build(IReadOnlyList<SpaceFunction> functions)
    {
        var named = new JsonObject();
        foreach (var function in functions.Where(f => f.ApiName.Length > 0))
        {
            named["/" + function.ApiName] = new JsonObject
            {
                ["parameters"] = new JsonArray([.. function.Inputs.Select(Parameter)]),
                ["returns"] = new JsonArray([.. function.Outputs.Select(o => new JsonObject
                {
                    ["label"] = o.Label,
                    ["type"] = new JsonObject { ["type"] = o.Type == "image" ? "object" : "number" },
                    ["python_type"] = new JsonObject { ["type"] = o.Type == "image" ? "filepath" : "float", ["description"] = string.Empty },
                    ["component"] = Capitalize(o.Type),
                })]),
                ["show_api"] = true,
                ["description"] = string.Empty,
            };
        }

        return new JsonObject { ["named_endpoints"] = named, ["unnamed_endpoints"] = new JsonObject() };
    }

    private static JsonObject Parameter(SpaceComponent input)
    {
        var (type, pythonType, description) = input.Type switch
        {
            "slider" => ("number", "float", string.Create(CultureInfo.InvariantCulture, $"numeric value between {input.Minimum} and {input.Maximum}")),
            "checkbox" => ("boolean", "bool", string.Empty),
            _ => ("string", "str", string.Empty),
        };
        return new JsonObject
        {
            ["label"] = input.Label,
            ["parameter_name"] = input.ParameterName ?? input.Label.ToLowerInvariant(),
            ["parameter_has_default"] = input.Value is not null,
            ["parameter_default"] = input.Value?.DeepClone(),
            ["type"] = new JsonObject { ["type"] = type },
            ["python_type"] = new JsonObject { ["type"] = pythonType, ["description"] = description },
            ["component"] = Capitalize(input.Type),
            ["example_input"] = input.Value?.DeepClone() ?? "Hello!!",
        };
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
