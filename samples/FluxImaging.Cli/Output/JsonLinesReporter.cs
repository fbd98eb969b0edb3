using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FluxImaging.Providers;

namespace FluxImaging.Cli.Output;

/// <summary>
/// Exactly one JSON object per line per event, in the shapes the README documents. Texts from outside (statuses,
/// messages, provider and model names) are written as <see cref="PrintableText"/> shows them, so a script that prints a
/// field prints no terminal escape; paths stay exact for scripts to open, and the line itself carries no control or
/// bidirectional character: JSON escapes stand for them.
/// </summary>
internal sealed class JsonLinesReporter(TextWriter output) : IGenerationReporter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Task<int> RunAsync(Func<IGenerationReporter, Task<int>> generation) => generation(this);

    public void Reasoning(Reasoning reasoning) => Line(w =>
    {
        w.WriteString("type", "reasoning");
        Text(w, "provider", reasoning.Provider);
        Text(w, "status", reasoning.Status);
        Text(w, "label", reasoning.Label);
        Text(w, "level", reasoning.Level);
        Nullable(w, "step", reasoning.Step);
        Nullable(w, "total", reasoning.TotalSteps);
        Nullable(w, "queue_position", reasoning.QueuePosition);
        Nullable(w, "queue_size", reasoning.QueueSize);
        if (reasoning.EstimatedTimeRemaining is { } eta)
        {
            w.WriteNumber("eta_seconds", Math.Round(eta.TotalSeconds, 1));
        }
    });

    public void Preview(ImagePreview preview, IReadOnlyList<string>? savedPaths) => Line(w =>
    {
        w.WriteString("type", "preview");
        Text(w, "provider", preview.Provider);
        Nullable(w, "step", preview.Step);
        w.WriteStartArray("images");
        for (var i = 0; i < preview.Images.Count; i++)
        {
            WriteImage(w, preview.Images[i], savedPaths?[i]);
        }

        w.WriteEndArray();
    });

    public void Image(ImageResponse response, IReadOnlyList<string> savedPaths) => Line(w =>
    {
        w.WriteString("type", "image");
        Text(w, "provider", response.Provider);
        Text(w, "model", response.Model);
        Nullable(w, "seed", response.Seed);
        w.WriteStartArray("images");
        for (var i = 0; i < response.Images.Count; i++)
        {
            WriteImage(w, response.Images[i], savedPaths[i]);
        }

        w.WriteEndArray();
    });

    public void Error(FluxImagingException error) => Line(w =>
    {
        w.WriteString("type", "error");
        Text(w, "provider", error.Provider);
        w.WriteString("kind", ExitCodes.Name(error.Kind));
        Text(w, "message", error.Message);
        Nullable(w, "status", error.Status);
        if (error.RetryAfter is { } retryAfter)
        {
            w.WriteNumber("retry_after_seconds", (long)Math.Ceiling(retryAfter.TotalSeconds));
        }
    });

    public void Cancelled() => Line(w =>
    {
        w.WriteString("type", "cancelled");
    });

    private static void WriteImage(Utf8JsonWriter w, GeneratedImage image, string? path)
    {
        w.WriteStartObject();
        Nullable(w, "url", image.Uri is { Scheme: "http" or "https" } uri ? uri.AbsoluteUri : null);
        Nullable(w, "path", path);
        w.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter w, string name, string? value) => Nullable(w, name, value is null ? null : PrintableText.From(value));

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void Nullable(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private void Line(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        output.WriteLine(EscapeRemaining(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)));
        output.Flush();
    }

    /// <summary>
    /// The relaxed encoder escapes C0 and C1 controls but writes bidirectional overrides and marks as they are (in a
    /// path, say); outside strings a JSON line is ASCII, so each such character left is inside one and its
    /// <c>\uXXXX</c> escape means the same.
    /// </summary>
    private static string EscapeRemaining(string line)
    {
        if (!line.Any(UpstreamText.IsUnsafe))
        {
            return line;
        }

        var escaped = new System.Text.StringBuilder(line.Length + 16);
        foreach (var c in line)
        {
            _ = UpstreamText.IsUnsafe(c) ? escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : escaped.Append(c);
        }

        return escaped.ToString();
    }
}
