using System.Globalization;
using System.Text;

namespace FluxImaging.Server.Safety;

/// <summary>
/// Makes text that came from a client or an upstream safe to repeat in an answer or a log line: control characters
/// (C0, DEL, C1), line and paragraph separators and bidirectional overrides become visible escapes (<c>\n</c>,
/// <c>\u001B</c>), so nobody can forge a log line or drive a terminal; and it is cut to a length.
/// </summary>
internal static class EchoedText
{
    private const char Ellipsis = '…';

    /// <summary>The text escaped and, when that is longer than <paramref name="maxLength"/> characters, cut with an ellipsis.</summary>
    public static string Clean(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.Length <= maxLength && !text.AsSpan().ContainsAny(Escaped))
        {
            return text;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                // Never end on half a surrogate pair.
                if (char.IsHighSurrogate(builder[^1]))
                {
                    builder.Length--;
                }

                return builder.Append(Ellipsis).ToString();
            }

            Append(builder, c);
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="c"/> is shown as an escape.</summary>
    public static bool NeedsEscape(char c) => Escaped.Contains(c);

    private static readonly System.Buffers.SearchValues<char> Escaped = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(i => (char)i), .. Enumerable.Range(0x7F, 0x21).Select(i => (char)i),
         '\u061C', '\u200E', '\u200F', '\u2028', '\u2029', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']);

    private static void Append(StringBuilder builder, char c)
    {
        if (!Escaped.Contains(c))
        {
            builder.Append(c);
            return;
        }

        _ = c switch
        {
            '\n' => builder.Append("\\n"),
            '\r' => builder.Append("\\r"),
            '\t' => builder.Append("\\t"),
            _ => builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
        };
    }
}
