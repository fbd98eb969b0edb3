using Microsoft.Extensions.Options;

namespace FluxImaging.Pollinations;

/// <summary>
/// Checks the Pollinations settings when the host starts (the core checks <c>Endpoint</c>, <c>Proxy</c>,
/// <c>Timeouts</c> and <c>Limits</c>), so a bad value fails at start-up rather than on the first request.
/// </summary>
internal sealed class PollinationsOptionsValidator : IValidateOptions<PollinationsOptions>
{
    /// <summary>Below this the URL has no room for a prompt next to the query; above it Cloudflare refuses the request.</summary>
    public const int MinUrlLength = 256;

    /// <inheritdoc cref="MinUrlLength"/>
    public const int MaxUrlLength = 16 * 1024;

    /// <summary>The widest side that may be configured; the service's models stop far below.</summary>
    public const int MaxSideLimit = 8192;

    private const string Section = $"{FluxImagingOptions.SectionName}:Providers:{PollinationsProvider.ProviderName}";

    public ValidateOptionsResult Validate(string? name, PollinationsOptions options)
    {
        if (!string.Equals(name, PollinationsProvider.ProviderName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (options.Endpoint is { IsAbsoluteUri: true } endpoint && (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0))
        {
            failures.Add($"{Section}:Endpoint must have no query or fragment: the prompt and the parameters are appended to it.");
        }

        if (options.MaxUrlLength is < MinUrlLength or > MaxUrlLength)
        {
            failures.Add($"{Section}:MaxUrlLength must be between {MinUrlLength} and {MaxUrlLength} bytes.");
        }

        if (options.MaxSide is < PollinationsQuery.MinSide or > MaxSideLimit)
        {
            failures.Add($"{Section}:MaxSide must be between {PollinationsQuery.MinSide} and {MaxSideLimit} pixels.");
        }

        if (string.IsNullOrWhiteSpace(options.Model) || options.Model.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"{Section}:Model must be a model name such as flux, without spaces.");
        }

        if (string.IsNullOrWhiteSpace(options.UserAgent) || options.UserAgent.Any(char.IsControl))
        {
            failures.Add($"{Section}:UserAgent must be a non-empty header value without control characters.");
        }

        if (options.ApiKey is { } key && (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            failures.Add($"{Section}:ApiKey must be a key without spaces or control characters (leave it unset for anonymous use).");
        }

        if (options.Referrer is { } referrer && (string.IsNullOrWhiteSpace(referrer) || referrer.Any(char.IsControl)))
        {
            failures.Add($"{Section}:Referrer must be a non-empty name without control characters (leave it unset to send none).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
