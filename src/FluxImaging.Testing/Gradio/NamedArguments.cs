using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// <c>gradio_client</c>'s <c>construct_args</c> as <c>/call/v2</c> uses it: named arguments to the positional
/// <c>data</c> array, in <c>/info</c> parameter order, gaps filled from <c>parameter_default</c>.
/// </summary>
internal static class NamedArguments
{
    /// <summary>The positional data, or null when a keyword is unknown or a required argument is missing.</summary>
    public static JsonArray? ToPositional(SpaceFunction function, JsonObject arguments)
    {
        var parameters = function.ApiInputs;
        if (arguments.Any(a => !parameters.Any(p => p.ParameterName == a.Key)))
        {
            return null;
        }

        var data = new JsonArray();
        foreach (var parameter in parameters)
        {
            if (arguments.TryGetPropertyValue(parameter.ParameterName!, out var value))
            {
                data.Add(value?.DeepClone());
            }
            else if (parameter.Value is not null || parameter.PythonDefaultIsNone)
            {
                // Through JSON text, so the default reads like a value that came over the wire.
                data.Add(parameter.Value is null ? null : JsonNode.Parse(parameter.Value.ToJsonString()));
            }
            else
            {
                return null;
            }
        }

        return data;
    }
}
