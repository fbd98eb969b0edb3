namespace FluxImaging.Cli.Tests;

/// <summary>
/// Sets environment variables (the way a user configures <c>fluximg</c>: <c>FluxImaging__Spaces__MySpace__Endpoint</c>)
/// for one test and restores what was there before; fixtures using it are non-parallelizable.
/// </summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    public EnvironmentScope(IReadOnlyDictionary<string, string?> variables)
    {
        foreach (var (name, value) in variables)
        {
            _previous[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    /// <summary>Sets configuration keys as environment variables (<c>:</c> becomes <c>__</c>).</summary>
    public static EnvironmentScope Configuration(params (string Key, string? Value)[] settings) =>
        new(settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value, StringComparer.Ordinal));

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
