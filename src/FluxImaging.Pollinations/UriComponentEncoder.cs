using System.Text;

namespace FluxImaging.Pollinations;

/// <summary>
/// Percent-encodes text for one URI component (a path segment or a query value): UTF-8, every byte outside RFC 3986
/// <em>unreserved</em> (<c>A–Z a–z 0–9 - . _ ~</c>) as <c>%XX</c>. So a space is <c>%20</c> (never <c>+</c>), and
/// <c>/ ? # % +</c> are <c>%2F %3F %23 %25 %2B</c>: nothing in a prompt can end its segment or be read as a separator.
/// </summary>
internal static class UriComponentEncoder
{
    /// <summary>The bytes a scalar takes once encoded: 1 for an unreserved character, else 3 per UTF-8 byte.</summary>
    public static int EncodedLength(Rune rune) => IsUnreserved(rune) ? 1 : 3 * rune.Utf8SequenceLength;

    /// <summary>Encodes the whole of <paramref name="text"/>.</summary>
    public static string Encode(string text) => Fit(text, int.MaxValue).Encoded;

    /// <summary>
    /// Encodes the longest start of <paramref name="text"/> whose encoded form takes at most <paramref name="maxBytes"/>,
    /// cut between two Unicode scalars: never inside a surrogate pair, never inside an escape. A lone surrogate is sent
    /// as U+FFFD.
    /// </summary>
    /// <returns>The encoded start, how many UTF-16 units of <paramref name="text"/> it covers, and how many scalars it kept of how many.</returns>
    public static FittedText Fit(string text, int maxBytes)
    {
        var encoded = new StringBuilder(Math.Min(text.Length * 3, Math.Max(maxBytes, 0)));
        var span = text.AsSpan();
        var position = 0;
        var kept = 0;
        var total = 0;
        var cut = text.Length;
        var full = false;
        while (position < span.Length)
        {
            Rune.DecodeFromUtf16(span[position..], out var rune, out var consumed);
            total++;
            if (!full && encoded.Length + EncodedLength(rune) <= maxBytes)
            {
                Append(encoded, rune);
                kept++;
            }
            else if (!full)
            {
                full = true;
                cut = position;
            }

            position += consumed;
        }

        return new FittedText(encoded.ToString(), cut, kept, total);
    }

    private static bool IsUnreserved(Rune rune) =>
        rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '-' or '.' or '_' or '~');

    private static void Append(StringBuilder encoded, Rune rune)
    {
        if (IsUnreserved(rune))
        {
            encoded.Append((char)rune.Value);
            return;
        }

        Span<byte> utf8 = stackalloc byte[4];
        var length = rune.EncodeToUtf8(utf8);
        foreach (var b in utf8[..length])
        {
            encoded.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
        }
    }

    private const string HexDigits = "0123456789ABCDEF";
}

/// <summary>The encoded start of a text and how much of the text it covers.</summary>
/// <param name="Encoded">The percent-encoded start.</param>
/// <param name="Length">How many UTF-16 units of the original it covers (the original's length when all of it fit).</param>
/// <param name="KeptScalars">How many Unicode scalars it kept.</param>
/// <param name="TotalScalars">How many Unicode scalars the original has.</param>
internal readonly record struct FittedText(string Encoded, int Length, int KeptScalars, int TotalScalars)
{
    /// <summary>True when part of the text did not fit.</summary>
    public bool Shortened => KeptScalars < TotalScalars;
}
