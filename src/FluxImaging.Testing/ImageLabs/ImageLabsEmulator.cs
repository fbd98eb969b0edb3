using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing.ImageLabs;

/// <summary>
/// The ImageLabs service (<c>editor.imagelabs.net</c>): <c>POST /txt2img</c> answers a <c>task_id</c>;
/// <c>POST /progress</c> moves the task through <c>Queued</c> → <c>Processing</c> → <c>Done</c> with a
/// <c>final_image_url</c>; <c>GET /images/{task}.png</c> serves the PNG. Status names other than <c>Done</c> and the
/// <c>progress</c> field are invented: the real vocabulary is unknown.
/// </summary>
public sealed class ImageLabsEmulator : IAsyncDisposable
{
    private const string CloudflarePage =
        "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title></head><body><div id=\"cf-please-wait\"><p id=\"cf-spinner-please-wait\">Checking your browser before accessing editor.imagelabs.net.</p></div></body></html>";

    private readonly BoundedStore<LabTask> _tasks = new();
    private readonly ConcurrentQueue<ImageLabsFault> _faults = new();
    private EmulatorHost? _host;

    private ImageLabsEmulator()
    {
    }

    /// <summary>The underlying host: recorded requests and HTTP-level faults.</summary>
    public EmulatorHost Host => _host!;

    /// <summary>The service's base URL.</summary>
    public Uri BaseAddress => Host.BaseAddress;

    /// <summary>Every request received so far.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Host.Requests;

    /// <summary>How many polls a task takes to finish (at least 1). Default 3.</summary>
    public int PollsUntilDone { get; set; } = 3;

    /// <summary>The <c>message</c> of <see cref="ImageLabsFault.ErrorStatus"/> (e.g. <see cref="HostileText.ControlCharacters"/>).</summary>
    public string ErrorMessage { get; set; } = "Generation failed: NSFW content detected.";

    /// <summary>A <c>final_image_url</c> sent instead of the emulator's own (e.g. <see cref="HostileText.FileUrl"/>); default null.</summary>
    public string? ImageUrlOverride { get; set; }

    /// <summary>Starts the service on a free loopback port.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running service.</returns>
    public static async Task<ImageLabsEmulator> StartAsync(CancellationToken cancellationToken = default)
    {
        var emulator = new ImageLabsEmulator();
        emulator._host = await EmulatorHost.StartAsync(
            routes =>
            {
                routes.MapPost("/txt2img", emulator.SubmitAsync);
                routes.MapPost("/progress", emulator.ProgressAsync);
                routes.MapGet("/images/{name}", emulator.ImageAsync);
            },
            cancellationToken).ConfigureAwait(false);
        return emulator;
    }

    /// <summary>Makes the next <paramref name="times"/> tasks show <paramref name="fault"/>.</summary>
    /// <param name="fault">The fault.</param>
    /// <param name="times">How many tasks it applies to.</param>
    public void FailNext(ImageLabsFault fault, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Stops the service.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private static Task HtmlAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=UTF-8";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }

    private async Task SubmitAsync(HttpContext context)
    {
        var fault = _faults.TryDequeue(out var next) ? next : (ImageLabsFault?)null;
        if (fault == ImageLabsFault.CloudflareChallenge)
        {
            _faults.Enqueue(ImageLabsFault.CloudflareChallenge); // the challenge stays for the poll too
            await HtmlAsync(context, 403, CloudflarePage).ConfigureAwait(false);
            return;
        }

        if (fault == ImageLabsFault.HtmlInsteadOfJson)
        {
            await HtmlAsync(context, 200, "<!DOCTYPE html><html><head><title>ImageLabs - maintenance</title></head><body>Back soon.</body></html>").ConfigureAwait(false);
            return;
        }

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body?["prompt"] is not JsonValue prompt || !prompt.TryGetValue<string>(out var promptText))
        {
            await EmulatorJson.Result(new JsonObject { ["error"] = "prompt is required" }, statusCode: 400).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (fault == ImageLabsFault.NoTaskId)
        {
            await EmulatorJson.Result(new JsonObject { ["status"] = "queued" }).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _tasks.Add(id, new LabTask(promptText, Number(body["seed"]), (int)Math.Clamp(Number(body["width"]) is var w and > 0 ? w : 1024, 1, PngImage.MaxDimension), (int)Math.Clamp(Number(body["height"]) is var h and > 0 ? h : 1024, 1, PngImage.MaxDimension), fault));

        await EmulatorJson.Result(new JsonObject { ["task_id"] = id }).ExecuteAsync(context).ConfigureAwait(false);
    }

    private async Task ProgressAsync(HttpContext context)
    {
        if (_faults.TryPeek(out var pending) && pending == ImageLabsFault.CloudflareChallenge && _faults.TryDequeue(out _))
        {
            await HtmlAsync(context, 403, CloudflarePage).ConfigureAwait(false);
            return;
        }

        string? id = null;
        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            id = body?["task_id"] is JsonValue value ? value.ToString() : null;
        }
        catch (JsonException)
        {
            // Reported as an unknown task below.
        }

        if (id is null || !_tasks.TryGetValue(id, out var task))
        {
            await EmulatorJson.Result(new JsonObject { ["status"] = "Error: task not found" }).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var poll = Interlocked.Increment(ref task.Polls);
        var done = Math.Max(1, PollsUntilDone);
        var url = ImageUrlOverride ?? $"{context.Request.Scheme}://{context.Request.Host}/images/{id}.png";
        JsonObject answer = task.Fault switch
        {
            ImageLabsFault.NeverFinishes => new() { ["status"] = "Processing", ["progress"] = 0.5 },
            ImageLabsFault.NullStatus when poll < done => new() { ["status"] = null },
            ImageLabsFault.ErrorStatus when poll >= done => new() { ["status"] = "Error", ["message"] = ErrorMessage },
            ImageLabsFault.DoneWithoutUrl when poll >= done => new() { ["status"] = "Done", ["progress"] = 1.0 },
            ImageLabsFault.UrlBeforeDone when poll >= done - 1 => new() { ["status"] = "Processing", ["progress"] = 0.9, ["final_image_url"] = url },
            _ when poll >= done => new() { ["status"] = "Done", ["progress"] = 1.0, ["final_image_url"] = url },
            _ when poll == 1 => new() { ["status"] = "Queued", ["progress"] = 0.0 },
            _ => new() { ["status"] = "Processing", ["progress"] = Math.Round((double)poll / done, 2) },
        };
        await EmulatorJson.Result(answer).ExecuteAsync(context).ConfigureAwait(false);
    }

    private async Task ImageAsync(HttpContext context, string name)
    {
        var id = Path.GetFileNameWithoutExtension(name);
        if (!name.EndsWith(".png", StringComparison.Ordinal) || !_tasks.TryGetValue(id, out var task))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var png = PngImage.Render(task.Prompt, task.Seed, task.Width, task.Height);
        context.Response.ContentType = PngImage.MediaType;
        context.Response.ContentLength = png.Length;
        await context.Response.Body.WriteAsync(png, context.RequestAborted).ConfigureAwait(false);
    }

    private static long Number(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<long>(out var number) => number,
        JsonValue value when value.TryGetValue<double>(out var real) => (long)real,
        JsonValue value when value.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => 0,
    };

    private sealed class LabTask(string prompt, long seed, int width, int height, ImageLabsFault? fault)
    {
        public string Prompt => prompt;

        public long Seed => seed;

        public int Width => width;

        public int Height => height;

        public ImageLabsFault? Fault => fault;

        public int Polls;
    }
}
