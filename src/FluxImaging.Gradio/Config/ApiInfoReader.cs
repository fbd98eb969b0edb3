using System.Text.Json;
using FluxImaging.Gradio.Json;

namespace FluxImaging.Gradio.Config;

/// <summary>Builds a <see cref="GradioApiInfo"/> from <c>/info</c> (4.x, 5.x and 6.x shapes), or from <c>/config</c> alone when <c>/info</c> cannot be read.</summary>
internal static class ApiInfoReader
{
    public static GradioApiInfo FromInfo(InfoDocument info, GradioApp app)
    {
        var endpoints = new List<GradioEndpoint>();
        foreach (var (key, endpoint) in info.NamedEndpoints ?? [])
        {
            // 4.x/5.x hide with show_api:false; 6.x says api_visibility, and only "public" endpoints are for callers.
            if (endpoint.ShowApi == false || (endpoint.ApiVisibility is { } visibility && !visibility.Equals("public", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var apiName = key.TrimStart('/');
            var function = app.Function(apiName);
            var inputs = function?.ValueInputs;
            var parameters = (endpoint.Parameters ?? []).Select((p, i) =>
            {
                var component = inputs is not null && inputs.Count == endpoint.Parameters!.Count ? inputs[i] : null;
                return new GradioParameter(
                    string.IsNullOrWhiteSpace(p.ParameterName) ? $"param_{i}" : p.ParameterName,
                    p.Label,
                    p.Component ?? Capitalize(component?.Type) ?? "Unknown",
                    p.ParameterHasDefault ?? false,
                    p.ParameterDefault,
                    p.PythonType?.Type,
                    component?.Minimum,
                    component?.Maximum,
                    component?.Step);
            }).ToArray();
            var returns = (endpoint.Returns ?? []).Select(r => new GradioReturn(r.Label, r.Component ?? "Unknown", r.PythonType?.Type)).ToArray();
            endpoints.Add(new GradioEndpoint(apiName, parameters, returns, endpoint.Description, function));
        }

        return new GradioApiInfo(endpoints);
    }

    /// <summary>What <c>/config</c> alone says: parameters without their Python names (<c>param_{i}</c>), defaults from the components' values.</summary>
    public static GradioApiInfo FromConfig(GradioApp app) => new([.. app.Functions.Select(function => new GradioEndpoint(
        function.ApiName,
        [.. function.ValueInputs.Select((c, i) => new GradioParameter(
            $"param_{i}",
            c.Label,
            Capitalize(c.Type) ?? "Unknown",
            c.Default.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null),
            c.Default,
            null,
            c.Minimum,
            c.Maximum,
            c.Step))],
        [.. function.Outputs.Where(o => !o.SkipApi && !o.IsState).Select(o => new GradioReturn(o.Label, Capitalize(o.Type) ?? "Unknown", null))],
        null,
        function))]);

    private static string? Capitalize(string? type) => string.IsNullOrEmpty(type) ? null : string.Concat(char.ToUpperInvariant(type[0]).ToString(), type.AsSpan(1));
}
