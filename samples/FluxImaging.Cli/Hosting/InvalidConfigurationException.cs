using FluxImaging.Providers;
using Microsoft.Extensions.Options;

namespace FluxImaging.Cli.Hosting;

/// <summary>
/// The settings cannot start FluxImaging: each failure names its configuration key. The CLI prints them and exits 2
/// (bad usage), because the user fixes them as they would fix a command line, and a stack trace would help nobody.
/// </summary>
internal sealed class InvalidConfigurationException : Exception
{
    public InvalidConfigurationException(IReadOnlyList<string> failures, Exception innerException)
        : base("The configuration is invalid: " + string.Join(" ", failures), innerException)
    {
        Failures = failures;
    }

    /// <summary>One line per invalid setting, as safe to print as anything else that came from outside.</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>What the CLI prints on standard error before it exits 2.</summary>
    public void WriteTo(TextWriter error)
    {
        error.WriteLine("fluximg: the configuration is invalid:");
        foreach (var failure in Failures)
        {
            error.WriteLine($"  {failure}");
        }

        error.WriteLine("Correct appsettings.json or the environment variables (FluxImaging__…) and run again.");
    }

    /// <summary>The failures a start-up exception carries, or null when it is not about configuration.</summary>
    public static InvalidConfigurationException? From(Exception exception) => exception switch
    {
        OptionsValidationException validation => new(validation.Failures.Select(Safe).ToList(), validation),
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            new(aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).Select(Safe).ToList(), aggregate),

        // The configuration binder: "Failed to convert configuration value '…' at 'FluxImaging:…' to type '…'."
        InvalidOperationException { InnerException: FormatException or InvalidCastException or ArgumentException or OverflowException } binding
            when binding.Message.Contains("configuration value", StringComparison.Ordinal) => new([Safe(binding.Message)], binding),

        // A configuration file that is not JSON: "Failed to load configuration from file '…'", then the parser's reason.
        InvalidDataException file => new([Safe(file.InnerException is { } reason ? $"{file.Message} {reason.Message}" : file.Message)], file),
        _ => null,
    };

    private static string Safe(string failure) => UpstreamText.Echo(failure, 1024);
}
