using System.Text.Encodings.Web;
using System.Text.Json;

namespace FluxImaging.Cli.Output;

/// <summary>Exactly one JSON object per line per event, in the shapes the README documents.</summary>
internal sealed class JsonLinesReporter(TextWriter output) : IGenerationReporter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Task<int> RunAsync(Func<IGenerationReporter, Task<int>> generation) => generation(this);

    public void Reasoning(Reasoning reasoning) => Line(w =>
    {
        w.WriteString("type", "reasoning");
        w.WriteString("provider", reasoning.Provider);
        w.WriteString("status", reasoning.Status);
        Nullable(w, "label", reasoning.Label);
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
        w.WriteString("provider", preview.Provider);
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
        w.WriteString("provider", response.Provider);
        w.WriteString("model", response.Model);
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
        Nullable(w, "provider", error.Provider);
        w.WriteString("kind", ExitCodes.Name(error.Kind));
        w.WriteString("message", error.Message);
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

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Flush();
    }
}
