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
internal sealed class ImageLabsProvider(ImageProviderContext<ImageLabsOptions> context) : IImageProvider
{
    private readonly ImageLabsOptions _options = context.Options;

    public const string ProviderName = "ImageLabs";

    private static readonly ImageSize DefaultSize = new(1024, 1024);

    // Fields a caller's extras may not replace: they would silently change what was asked for.
    private static readonly HashSet<string> Protected = new(StringComparer.Ordinal) { "prompt", "seed", "subseed", "negative_prompt", "width", "height" };

    public string Name => context.Name;

    public string Label => "ImageLabs SDXL-Turbo";

    public ImageProviderModels Models { get; } = new("sdxl-turbo", aliases: ["general"]);

    public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GenerateCoreAsync(request, cancellationToken);
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
                ImageRequestJson.WriteValue(writer, value);
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
            ImageRequestJson.WriteValue(writer, value);
        }
        else
        {
            fallback(writer);
        }
    }

    private async IAsyncEnumerable<ImageEvent> GenerateCoreAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = Models.Resolve(request.Model);
        var body = SubmitBody(request, context.TimeProvider.GetUtcNow());
        var taskId = await SubmitAsync(body, cancellationToken).ConfigureAwait(false);
        yield return new Reasoning(Name, model, "ImageLabs: submitted") { Label = "submitted" };

        string? lastStatus = null;
        for (var poll = 1; poll <= _options.MaxPolls; poll++)
        {
            if (poll > 1)
            {
                await Task.Delay(_options.PollInterval, context.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            var answer = await PollAsync(taskId, cancellationToken).ConfigureAwait(false);
            var status = string.IsNullOrWhiteSpace(answer.Status) ? null : answer.Status.Trim();
            if (!string.IsNullOrWhiteSpace(answer.FinalImageUrl))
            {
                if (!Uri.TryCreate(answer.FinalImageUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "ImageLabs returned a final image URL that is not an absolute http(s) URL.", Name);
                }

                yield return new ImageResponse(Name, model, [context.Http.Image(url)]) { AltText = request.Prompt, Seed = request.Seed, RawRepresentation = answer };
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
            $"ImageLabs gave no result after {_options.MaxPolls} polls (MaxPolls); the task is abandoned (the service has no cancel).",
            Name);
    }

    private async Task<string> SubmitAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = Request("/txt2img", body);
        using var response = await context.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = await context.Http.ReadJsonAsync(response, ImageLabsJsonContext.Default.SubmitAnswer, "POST /txt2img", cancellationToken).ConfigureAwait(false);
        return answer.TaskId.ValueKind switch
        {
            JsonValueKind.String when answer.TaskId.GetString() is { Length: > 0 } id => id,
            JsonValueKind.Number => answer.TaskId.GetRawText(),
            _ => throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "ImageLabs accepted the request but returned no task_id.", Name, (int)response.StatusCode),
        };
    }

    private async Task<ProgressAnswer> PollAsync(string taskId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new PollRequest { TaskId = taskId }, ImageLabsJsonContext.Default.PollRequest);
        using var request = Request("/progress", body);
        using var response = await context.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await context.Http.ReadJsonAsync(response, ImageLabsJsonContext.Default.ProgressAnswer, "POST /progress", cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(string path, byte[] body)
    {
        var origin = _options.Endpoint.GetLeftPart(UriPartial.Authority);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{_options.Endpoint.AbsoluteUri.TrimEnd('/')}{path}"))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        request.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        request.Headers.TryAddWithoutValidation("Origin", origin);
        request.Headers.Referrer = new Uri(origin + "/");
        request.Headers.TryAddWithoutValidation("X-Requested-With", "XMLHttpRequest");
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        return request;
    }
}
