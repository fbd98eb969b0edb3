using FluxImaging.Providers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FluxImaging.Gradio;

/// <summary>
/// Checks what the core cannot know about a Gradio app's settings when the host starts: a Space id is an
/// <c>owner/name</c> that can go into a Hugging Face API path as it is, and the Hugging Face API is an http(s) URL.
/// </summary>
internal sealed partial class GradioClientOptionsValidator<TOptions>(string name, string section) : IValidateOptions<TOptions>
    where TOptions : GradioClientOptions
{
    public ValidateOptionsResult Validate(string? optionsName, TOptions options)
    {
        if (!string.Equals(optionsName, name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (options.Space is { } space && !SpaceId().IsMatch(space))
        {
            failures.Add($"{section}:Space must be a Hugging Face Space id, owner/name (letters, digits, '-', '_', '.'), not '{UpstreamText.Echo(space)}'.");
        }

        if (options.HuggingFaceEndpoint is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
        {
            failures.Add($"{section}:HuggingFaceEndpoint must be an absolute http or https URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Hugging Face's own rule for repository names: no leading '-' or '.', and no "..".
    [GeneratedRegex(@"^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceId();
}
