using FluxImaging.Providers;
using Microsoft.Extensions.Options;

namespace FluxImaging.Server.Safety;

/// <summary>
/// How much of a client's own values (a model or provider name, a path) an answer or a log line may repeat:
/// <see cref="ServerOptions.MaxEchoedValueLength"/> characters each, escaped; a message that quotes them is cut to a
/// few times that.
/// </summary>
internal sealed class EchoLimits(IOptions<ServerOptions> options)
{
    private int MaxValue => options.Value.MaxEchoedValueLength;

    /// <summary>The longest error or log message, whatever it quotes.</summary>
    public int MaxMessage => Math.Max(1024, 4 * MaxValue);

    /// <summary>A client's value as an answer or a log line may show it.</summary>
    public string Value(string? value) => UpstreamText.Echo(value, MaxValue);

    /// <summary>A client's value, or null when there is none.</summary>
    public string? OptionalValue(string? value) => value is null ? null : Value(value);

    /// <summary>
    /// A message (the library's, an upstream's) that may quote the client's values: each quoted value is shortened to
    /// <see cref="Value"/>, then the whole message is escaped and cut to <see cref="MaxMessage"/>.
    /// </summary>
    public string Message(string message, params ReadOnlySpan<string?> clientValues)
    {
        foreach (var value in clientValues)
        {
            if (!string.IsNullOrEmpty(value) && value.Length > MaxValue && message.Contains(value, StringComparison.Ordinal))
            {
                message = message.Replace(value, UpstreamText.Echo(value, MaxValue), StringComparison.Ordinal);
            }
        }

        return UpstreamText.Echo(message, MaxMessage);
    }
}
