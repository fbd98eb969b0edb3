using System.Globalization;
using System.Text;
using FluxImaging.Providers;

namespace FluxImaging.Cli.Output;

/// <summary>
/// The last guard before standard output and error: line ends and tabs pass, every other control or bidirectional
/// character becomes a visible escape (<c>\u001B</c>). The reporters already print outside text as
/// <see cref="PrintableText"/>; this catches what they do not write — the parser echoing an argument, an unexpected
/// exception's message — so nothing <c>fluximg</c> prints can drive a terminal.
/// </summary>
internal sealed class EscapingWriter(TextWriter inner) : TextWriter(CultureInfo.InvariantCulture)
{
    // A CR belongs to the line end only where the line end has one (Windows).
    private static readonly bool CarriageReturnEndsLines = Environment.NewLine.Contains('\r', StringComparison.Ordinal);

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value is '\n' or '\t' || (value == '\r' && CarriageReturnEndsLines) || !UpstreamText.IsUnsafe(value))
        {
            inner.Write(value);
        }
        else
        {
            inner.Write(UpstreamText.Echo(value.ToString()));
        }
    }

    public override void Write(string? value)
    {
        if (value is null || !value.Any(UpstreamText.IsUnsafe))
        {
            inner.Write(value);
            return;
        }

        foreach (var c in value)
        {
            Write(c);
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();
}
