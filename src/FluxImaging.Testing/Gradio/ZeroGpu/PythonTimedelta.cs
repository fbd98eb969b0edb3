using System.Globalization;

namespace FluxImaging.Testing.Gradio;

/// <summary>Python's <c>str(timedelta)</c>: <c>0:05:17</c>, <c>1 day, 2:03:04</c>, <c>3 days, 0:00:00.250000</c>.</summary>
internal static class PythonTimedelta
{
    public static string Format(TimeSpan value)
    {
        var microseconds = (value.Ticks % TimeSpan.TicksPerSecond) / 10;
        var text = string.Create(CultureInfo.InvariantCulture, $"{value.Hours}:{value.Minutes:00}:{value.Seconds:00}");
        if (microseconds != 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $".{microseconds:000000}");
        }

        return value.Days == 0 ? text : string.Create(CultureInfo.InvariantCulture, $"{value.Days} day{(value.Days == 1 ? string.Empty : "s")}, {text}");
    }
}
