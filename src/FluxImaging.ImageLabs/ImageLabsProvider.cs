using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FluxImaging.Providers;

namespace FluxImaging.ImageLabs;

/// <summary>
/// SDXL-Turbo through ImageLabs: <c>POST /txt2img</c>, then <c>POST /progress</c> at an interval until a final image
/// URL, an error status, the poll limit or the deadline. Each poll answer is a <see cref="Reasoning"/>.
/// </summary>
internal sealed class ImageLabsProvider(ProviderRuntime runtime, ImageLabsOptions options) : IImageProvider
{
    public const string ProviderName = "ImageLabs";

    private static readonly ImageSize DefaultSize = new(1024, 1024);

    // Fields a caller's extras may not replace: they would silently change what was asked for.
    private static readonly HashSet<string> Protected = new(StringComparer.Ordinal) { "prompt", "seed", "subseed", "negative_prompt", "width", "height" };

    public string Name => ProviderName;

    public string Label => "ImageLabs SDXL-Turbo";

    public ImageProviderModels Models { get; } = new("sdxl-turbo", aliases: ["general"]);

    public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return runtime.RunAsync(token => GenerateCoreAsync(request, token), cancellationToken);
    }

    /// <summary>The submit body, in the key order the web editor sends; seed and subseed are strings.</summary>
    internal static byte[] SubmitBody(ImageRequest request, DateTimeOffset now)
    {
        foreach (var key in request.AdditionalProperties.Keys.Where(Protected.Contains))
        {
            throw new FluxImagingException(FluxImagingErrorKind.InvalidRequest, $"The extra field '{key}' would replace a value of the request itself; set it on the request instead.", ProviderName);
        }

        var size = request.ResolveSize(DefaultSize);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var extras = request.AdditionalProperties;
            writer.WriteStartObject();
            writer.WriteString("prompt", request.Prompt);
            writer.WriteString("seed", (request.Seed ?? now.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture));
            writer.WriteString("subseed", now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            WriteDefault(writer, extras, "attention", w => w.WriteNumberValue(0));
            WriteDefault(writer, extras, "tiling", w => w.WriteBooleanValue(false));
            writer.WriteString("negative_prompt", request.NegativePrompt ?? string.Empty);
            WriteDefault(writer, extras, "reference_image", w => w.WriteStringValue(string.Empty));
            WriteDefault(writer, extras, "reference_image_type", w => w.WriteNullValue());
            WriteDefault(writer, extras, "reference_strength", w => w.WriteNumberValue(30));
            writer.WriteNumber("width", size.Width);
            writer.WriteNumber("height", size.Height);
            foreach (var (key, value) in extras.Where(e => !Known(e.Key)))
            {
                writer.WritePropertyName(key);
                ExtraValueWriter.Write(writer, value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool Known(string key) => key is "attention" or "tiling" or "reference_image" or "reference_image_type" or "reference_strength";

    private static void WriteDefault(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> extras, string key, Action<Utf8JsonWriter> fallback)
    {
        writer.WritePropertyName(key);
        if (extras.TryGetValue(key, out var value))
        {
            ExtraValueWriter.Write(writer, value);
        }
        else
        {
            fallback(writer);
        }
    }

    private async IAsyncEnumerable<ImageEvent> GenerateCoreAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = Models.Resolve(request.Model);
        var body = SubmitBody(request, runtime.TimeProvider.GetUtcNow());
        var taskId = await SubmitAsync(body, cancellationToken).ConfigureAwait(false);
        yield return new Reasoning(Name, model, "ImageLabs: submitted") { Label = "submitted" };

        string? lastStatus = null;
        for (var poll = 1; poll <= options.MaxPolls; poll++)
        {
            if (poll > 1)
            {
                await Task.Delay(options.PollInterval, runtime.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            var answer = await PollAsync(taskId, cancellationToken).ConfigureAwait(false);
            var status = string.IsNullOrWhiteSpace(answer.Status) ? null : answer.Status.Trim();
            if (!string.IsNullOrWhiteSpace(answer.FinalImageUrl))
            {
                if (!Uri.TryCreate(answer.FinalImageUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "ImageLabs returned a final image URL that is not an absolute http(s) URL.", Name);
                }

                yield return new ImageResponse(Name, model, [runtime.Image(url)]) { AltText = request.Prompt, Seed = request.Seed, RawRepresentation = answer };
                yield break;
            }

            if (status is not null && status.Contains("error", StringComparison.OrdinalIgnoreCase))
            {
                var detail = UpstreamText.Clean(string.Join(" ", new[] { status, answer.Message, answer.Error }.Where(s => !string.IsNullOrWhiteSpace(s))));
                throw new FluxImagingException(FluxImagingErrorKind.UpstreamError, $"ImageLabs reported: {detail}", Name);
            }

            if (string.Equals(status, "Done", StringComparison.OrdinalIgnoreCase))
            {
                throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "ImageLabs reported the task done but gave no image URL.", Name);
            }

            if (status != lastStatus || answer.Progress is not null)
            {
                lastStatus = status;
                yield return new Reasoning(Name, model, $"ImageLabs: {status ?? "waiting"}")
                {
                    Label = status,
                    Fraction = answer.Progress is { } progress ? Math.Clamp(progress, 0, 1) : null,
                    RawRepresentation = answer,
                };
            }
        }

        throw new FluxImagingException(
            FluxImagingErrorKind.Timeout,
            $"ImageLabs gave no result after {options.MaxPolls} polls (MaxPolls); the task is abandoned (the service has no cancel).",
            Name);
    }

    private async Task<string> SubmitAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = Request("/txt2img", body);
        using var response = await runtime.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = await ReadAsync(response, "POST /txt2img", ImageLabsJsonContext.Default.SubmitAnswer, cancellationToken).ConfigureAwait(false);
        return answer.TaskId.ValueKind switch
        {
            JsonValueKind.String when answer.TaskId.GetString() is { Length: > 0 } id => id,
            JsonValueKind.Number => answer.TaskId.GetRawText(),
            _ => throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "ImageLabs accepted the request but returned no task_id.", Name, (int)response.StatusCode),
        };
    }

    private async Task<ProgressAnswer> PollAsync(string taskId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["task_id"] = taskId }, ExtraValuesJson.Default.DictionaryStringString);
        using var request = Request("/progress", body);
        using var response = await runtime.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, "POST /progress", ImageLabsJsonContext.Default.ProgressAnswer, cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(string path, byte[] body)
    {
        var origin = options.Endpoint.GetLeftPart(UriPartial.Authority);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{options.Endpoint.AbsoluteUri.TrimEnd('/')}{path}"))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        request.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        request.Headers.TryAddWithoutValidation("Origin", origin);
        request.Headers.Referrer = new Uri(origin + "/");
        request.Headers.TryAddWithoutValidation("X-Requested-With", "XMLHttpRequest");
        request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        return request;
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, string operation, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await runtime.FailureAsync(response, operation, cancellationToken).ConfigureAwait(false);
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw await runtime.FailureAsync(response, operation, cancellationToken, insteadOf: "JSON").ConfigureAwait(false);
        }

        try
        {
            return await JsonSerializer.DeserializeAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), type, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, $"{operation} answered something that is not the expected JSON object.", Name, (int)response.StatusCode, innerException: ex);
        }
    }
}
