using System.Text;

namespace FluxImaging.Testing.Pollinations;

/// <summary>
/// Decodes the prompt segment the way the service does (npm <c>urldecode</c>: <c>+</c> is a space, then
/// <c>decodeURIComponent</c>), strictly: a broken escape or invalid UTF-8 fails, as it makes the real origin answer 500.
/// </summary>
internal static class PollinationsUrlDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryDecode(string raw, out string decoded)
    {
        decoded = string.Empty;
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]))
                {
                    return false;
                }

                bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        try
        {
            decoded = StrictUtf8.GetString(bytes.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    public static List<KeyValuePair<string, string>> ParseQuery(string rawQuery)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            parameters.Add(new(Lenient(name), Lenient(value)));
        }

        return parameters;
    }

    private static string Lenient(string raw) => TryDecode(raw, out var decoded) ? decoded : raw;

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
