using System.Text.RegularExpressions;

namespace FluxImaging.OpenAI;

/// <summary>Where OpenAI-compatible providers are configured, and which instance names are allowed.</summary>
internal static partial class OpenAICompatibleInstances
{
    /// <summary>The section of the provider <c>OpenAI</c>.</summary>
    public const string Section = "FluxImaging:Providers:OpenAI";

    /// <summary>The section whose children are the further instances, one per name.</summary>
    public const string InstancesSection = Section + ":Instances";

    public static string SectionOf(string name) => IsDefault(name) ? Section : $"{InstancesSection}:{name}";

    public static bool IsDefault(string name) => string.Equals(name, OpenAICompatibleProvider.ProviderName, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True for a name that works everywhere a provider name goes (configuration keys, environment variables with
    /// <c>__</c>, routing values, pins, logger categories): a letter or digit, then letters, digits, <c>-</c>, <c>_</c>, <c>.</c>.
    /// </summary>
    public static bool IsValidName(string name) => NameRegex().IsMatch(name);

    public const string NameRule = "a letter or digit, then letters, digits, '-', '_' or '.' (at most 64 characters)";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")]
    private static partial Regex NameRegex();
}
