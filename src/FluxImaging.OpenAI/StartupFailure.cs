using Microsoft.Extensions.Options;

namespace FluxImaging.OpenAI;

/// <summary>
/// A configuration mistake found while registering (an instance that cannot become a provider), reported when the
/// host starts, with the shared options' validation, so it fails start-up like every other bad setting.
/// </summary>
internal sealed class StartupFailure(string message) : IValidateOptions<FluxImagingOptions>
{
    public ValidateOptionsResult Validate(string? name, FluxImagingOptions options) =>
        name == Options.DefaultName ? ValidateOptionsResult.Fail(message) : ValidateOptionsResult.Skip;
}
