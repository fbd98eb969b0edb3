using System.Globalization;
using System.Text;
using FluxImaging.Server.Api.Multipart;

namespace FluxImaging.Server.Api.Fields;

/// <summary>
/// The text fields of a multipart form. Every value arrives as text (the SDKs send <c>n</c> as <c>"2"</c> and
/// <c>stream</c> as <c>"true"</c>), so values are parsed here, strictly: an integer is an optional sign and ASCII
/// digits, a number is a finite invariant-culture decimal, a boolean is <c>true</c> or <c>false</c>. A field sent twice
/// is refused rather than guessed at.
/// </summary>
internal sealed class FormRequestFields : IRequestFields
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ILookup<string, FormPart> _fields;

    public FormRequestFields(IEnumerable<FormPart> parts)
    {
        _fields = parts.ToLookup(p => p.Name, StringComparer.Ordinal);
    }

    public string? String(string name)
    {
        var values = _fields[name].ToList();
        if (values.Count > 1)
        {
            throw new RequestFieldException(name, $"'{name}' is given more than once.");
        }

        if (values.Count == 0)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(values[0].Content.Span);
        }
        catch (DecoderFallbackException)
        {
            throw new RequestFieldException(name, $"'{name}' must be UTF-8 text.");
        }
    }

    public string? BoundedString(string name, int maxLength)
    {
        // No UTF-16 character takes more than three UTF-8 bytes: a longer value is refused before it is decoded.
        if (_fields[name].FirstOrDefault() is { } part && part.Content.Length > 3L * maxLength)
        {
            throw TooLong(name, maxLength);
        }

        var text = String(name);
        return text is not null && text.Length > maxLength ? throw TooLong(name, maxLength) : text;
    }

    public bool? Bool(string name) => String(name) switch
    {
        null => null,
        var text when text.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var text when text.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        _ => throw new RequestFieldException(name, $"'{name}' must be true or false."),
    };

    public long? Long(string name) => String(name) switch
    {
        null => null,
        var text when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw new RequestFieldException(name, $"'{name}' must be an integer."),
    };

    public int? Int(string name) => String(name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw new RequestFieldException(name, $"'{name}' must be an integer."),
    };

    public double? Double(string name) => String(name) switch
    {
        null => null,
        var text when double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) => number,
        _ => throw new RequestFieldException(name, $"'{name}' must be a number."),
    };

    private static RequestFieldException TooLong(string name, int maxLength) =>
        new(name, $"'{name}' is longer than {maxLength:N0} characters.", "string_above_max_length");
}
