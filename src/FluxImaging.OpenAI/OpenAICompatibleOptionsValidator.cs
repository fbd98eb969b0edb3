using Microsoft.Extensions.Options;

namespace FluxImaging.OpenAI;

/// <summary>
/// Checks one OpenAI-compatible provider's own settings when the host starts, naming each bad key (the kit checks the
/// endpoint, proxy, timeouts and limits).
/// </summary>
internal sealed class OpenAICompatibleOptionsValidator(string providerName, string section) : IValidateOptions<OpenAICompatibleOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenAICompatibleOptions options)
    {
        if (!string.Equals(name, providerName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (!Enum.IsDefined(options.Dialect))
        {
            failures.Add($"{section}:Dialect must be 'openai' or 'g4f'.");
        }

        if (options.ApiKey is { Length: > 0 } key && key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"{section}:ApiKey must not contain white space or control characters.");
        }

        for (var i = 0; i < options.Models.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Models[i]))
            {
                failures.Add($"{section}:Models:{i} must not be empty.");
            }
        }

        foreach (var alias in options.Aliases.Keys)
        {
            if (string.IsNullOrWhiteSpace(alias))
            {
                failures.Add($"{section}:Aliases must not have an empty name.");
            }
            else if (options.EffectiveModels.Contains(alias, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{section}:Aliases:{alias} is one of its Models already; an alias is a further name.");
            }
        }

        if (options.MaxResponseBytes <= 0)
        {
            failures.Add($"{section}:MaxResponseBytes must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
