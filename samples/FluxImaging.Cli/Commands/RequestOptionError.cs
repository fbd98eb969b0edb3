namespace FluxImaging.Cli.Commands;

/// <summary>
/// A value <see cref="ImageRequest"/> refused (<c>--width -5</c>, <c>--n 11</c>, an empty prompt), said in the command
/// line's terms: the option's name and the reason on one line, not the exception's parameter name and actual value.
/// </summary>
internal static class RequestOptionError
{
    public static FluxImagingException From(ArgumentException exception)
    {
        var option = exception.ParamName switch
        {
            nameof(ImageRequest.Width) => "--width",
            nameof(ImageRequest.Height) => "--height",
            nameof(ImageRequest.AspectRatio) => "--aspect-ratio",
            nameof(ImageRequest.Steps) => "--steps",
            nameof(ImageRequest.GuidanceScale) => "--guidance",
            nameof(ImageRequest.Count) => "--n",
            "prompt" => "prompt",
            _ => null,
        };
        var reason = Reason(exception);
        return new FluxImagingException(FluxImagingErrorKind.InvalidRequest, option is null ? reason : $"{option}: {reason}");
    }

    /// <summary>The first line of the message, without " (Parameter 'x')" (an out-of-range value adds its actual value on a second line).</summary>
    public static string Reason(ArgumentException exception)
    {
        var message = exception.Message.Split('\n', 2)[0].TrimEnd('\r');
        return exception.ParamName is { } name ? message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : message;
    }
}
