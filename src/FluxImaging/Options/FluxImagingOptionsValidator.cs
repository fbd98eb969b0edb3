using Microsoft.Extensions.Options;

namespace FluxImaging;

/// <summary>Checks the shared options when the host starts.</summary>
internal sealed class FluxImagingOptionsValidator : IValidateOptions<FluxImagingOptions>
{
    public ValidateOptionsResult Validate(string? name, FluxImagingOptions options)
    {
        var failures = new List<string>();
        const string section = FluxImagingOptions.SectionName;
        CheckPositive(failures, $"{section}:Timeouts:Attempt", options.Timeouts.Attempt);
        CheckPositive(failures, $"{section}:Timeouts:Idle", options.Timeouts.Idle);
        CheckPositive(failures, $"{section}:Timeouts:Generation", options.Timeouts.Generation);
        CheckPositive(failures, $"{section}:Retry:Budget", options.Retry.Budget);
        if (options.Retry.BaseDelay < TimeSpan.Zero)
        {
            failures.Add($"{section}:Retry:BaseDelay must not be negative.");
        }

        if (options.Retry.MaxAttempts is < 1 or > 20)
        {
            failures.Add($"{section}:Retry:MaxAttempts must be between 1 and 20.");
        }

        CheckLimits(failures, $"{section}:Limits", options.Limits.EventBytes, options.Limits.JsonBytes, options.Limits.ImageBytes, options.Limits.ResponseBytes);
        if (string.IsNullOrWhiteSpace(options.DefaultModel))
        {
            failures.Add($"{section}:DefaultModel must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void CheckLimits(List<string> failures, string section, long? eventBytes, long? jsonBytes, long? imageBytes, long? responseBytes)
    {
        foreach (var (key, value) in (ReadOnlySpan<(string, long?)>)[("EventBytes", eventBytes), ("JsonBytes", jsonBytes), ("ImageBytes", imageBytes), ("ResponseBytes", responseBytes)])
        {
            if (value is <= 0)
            {
                failures.Add($"{section}:{key} must be a positive number of bytes.");
            }
        }
    }

    internal static void CheckPositive(List<string> failures, string key, TimeSpan? value)
    {
        if (value is { } v && v <= TimeSpan.Zero && v != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{key} must be positive (hh:mm:ss).");
        }
    }
}
