using FluxImaging.Providers;

namespace FluxImaging.Gradio;

/// <summary>
/// A named endpoint of an app (<c>/info</c>'s <c>named_endpoints</c>): its parameters in the order the API takes them,
/// its outputs, and the function behind it (<c>fn_index</c>, trigger) when <c>/config</c> was read.
/// </summary>
public sealed class GradioEndpoint
{
    internal GradioEndpoint(string apiName, IReadOnlyList<GradioParameter> parameters, IReadOnlyList<GradioReturn> returns, string? description, GradioFunction? function)
    {
        ApiName = apiName;
        Parameters = parameters;
        Returns = returns;
        Description = description;
        Function = function;
    }

    /// <summary>The api_name without its slash, e.g. <c>infer</c>.</summary>
    public string ApiName { get; }

    /// <summary>The parameters, in the order the API takes them (state inputs are not among them).</summary>
    public IReadOnlyList<GradioParameter> Parameters { get; }

    /// <summary>The outputs, in order.</summary>
    public IReadOnlyList<GradioReturn> Returns { get; }

    /// <summary>The endpoint's description, when the app gives one.</summary>
    public string? Description { get; }

    /// <summary>The function behind it (from <c>/config</c>), or null when <c>/config</c> did not name it.</summary>
    public GradioFunction? Function { get; }

    /// <summary>The parameter with this name, or null.</summary>
    /// <param name="name">A parameter name, e.g. <c>prompt</c>.</param>
    /// <returns>The parameter, or null.</returns>
    public GradioParameter? Parameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// Places named values in the order the API takes them, as Gradio's own clients do: every parameter gets its value
    /// or its default; a required parameter left out, or a name the endpoint does not have, is an
    /// <see cref="FluxImagingErrorKind.InvalidRequest"/> naming it — never a shorter list.
    /// </summary>
    /// <param name="values">Values by parameter name.</param>
    /// <returns>One value per parameter.</returns>
    public IReadOnlyList<object?> Bind(IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var name in values.Keys)
        {
            if (Parameter(name) is null)
            {
                throw new FluxImagingException(
                    FluxImagingErrorKind.InvalidRequest,
                    $"/{ApiName} has no parameter named '{UpstreamText.Echo(name)}'. Its parameters: {string.Join(", ", Parameters.Select(p => p.Name))}.");
            }
        }

        var bound = new object?[Parameters.Count];
        for (var i = 0; i < bound.Length; i++)
        {
            var parameter = Parameters[i];
            if (values.TryGetValue(parameter.Name, out var value))
            {
                bound[i] = value;
            }
            else if (parameter.HasDefault)
            {
                bound[i] = parameter.Default.ValueKind == System.Text.Json.JsonValueKind.Undefined ? null : parameter.Default;
            }
            else
            {
                throw new FluxImagingException(
                    FluxImagingErrorKind.InvalidRequest,
                    $"/{ApiName} requires the parameter '{parameter.Name}' ({parameter.Component}{(parameter.Label is { Length: > 0 } label ? $" \"{UpstreamText.Echo(label)}\"" : string.Empty)}), and nothing fills it.");
            }
        }

        return bound;
    }
}
