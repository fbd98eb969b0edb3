using Microsoft.Extensions.Options;

namespace FluxImaging;

/// <summary>Checks provider options when the host starts, so a bad endpoint fails at start-up rather than on the first request.</summary>
internal sealed class ImageProviderOptionsValidator<TOptions>(string providerName, string section) : IValidateOptions<TOptions>
    where TOptions : ImageProviderOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (!string.Equals(name, providerName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (options.Endpoint is null ? !options.EndpointOptional : options.Endpoint is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
        {
            failures.Add($"{section}:Endpoint must be an absolute http or https URL.");
        }

        if (options.Proxy is { } proxy && (!proxy.IsAbsoluteUri || proxy.Scheme is not ("http" or "https" or "socks5" or "socks5h" or "socks4" or "socks4a")))
        {
            failures.Add($"{section}:Proxy must be an absolute http, https or socks5 URI.");
        }

        FluxImagingOptionsValidator.CheckPositive(failures, $"{section}:Timeouts:Attempt", options.Timeouts.Attempt);
        FluxImagingOptionsValidator.CheckPositive(failures, $"{section}:Timeouts:Idle", options.Timeouts.Idle);
        FluxImagingOptionsValidator.CheckPositive(failures, $"{section}:Timeouts:Generation", options.Timeouts.Generation);
        FluxImagingOptionsValidator.CheckPositive(failures, $"{section}:Retry:Budget", options.Retry.Budget);
        if (options.Retry.MaxAttempts is < 1 or > 20)
        {
            failures.Add($"{section}:Retry:MaxAttempts must be between 1 and 20.");
        }

        if (options.Retry.BaseDelay < TimeSpan.Zero)
        {
            failures.Add($"{section}:Retry:BaseDelay must not be negative.");
        }

        FluxImagingOptionsValidator.CheckLimits(failures, $"{section}:Limits", options.Limits.EventBytes, options.Limits.JsonBytes, options.Limits.ImageBytes, options.Limits.ResponseBytes);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
