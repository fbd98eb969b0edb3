using Microsoft.Extensions.Options;

namespace FluxImaging;

/// <summary>A problem registration found in configuration, reported when the options are validated at start-up.</summary>
internal sealed class ConfigurationProblem(string message) : IValidateOptions<FluxImagingOptions>
{
    public ValidateOptionsResult Validate(string? name, FluxImagingOptions options) =>
        name == Options.DefaultName ? ValidateOptionsResult.Fail(message) : ValidateOptionsResult.Skip;
}
