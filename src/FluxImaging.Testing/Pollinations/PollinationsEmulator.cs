using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FluxImaging.Testing.Pollinations;

/// <summary>
/// Pollinations' image API: <c>GET /prompt/{prompt}</c> (legacy) and <c>GET /image/{prompt}</c> (gateway) answer a
/// deterministic PNG for (prompt, seed, width, height, model) with the service's headers (<c>Cache-Control</c>,
/// <c>Content-Disposition</c>, <c>X-Cache</c>, <c>X-Auth-Status</c>); <c>GET /models</c> lists model names and
/// <c>GET /image/models</c> model objects. Every image request is recorded as sent (<see cref="Generations"/>), and
/// <see cref="FailNext"/> makes the next ones answer as the service does when it is full, limited or down.
/// </summary>
/// <remarks>
/// As the real service: the prompt is read from the raw path (<c>%XX</c> decoded, <c>+</c> as a space; a broken
/// escape is a 500), an absent seed is 42 and <c>-1</c> a random one, an absent size is 1024, the size is not clamped
/// except to <see cref="MaxSide"/>, and an unknown model is refused by the origin's validation with a 500.
/// </remarks>
public sealed class PollinationsEmulator : IAsyncDisposable
{
    private static readonly TimeSpan CutShortGrace = TimeSpan.FromMilliseconds(200);

    private readonly string _pathPrefix;
    private readonly Lock _faultsGate = new();
    private readonly ConcurrentQueue<PollinationsFault?> _faults = new();
    private readonly ConcurrentQueue<PollinationsRequest> _generations = new();
    private readonly Lock _waitersGate = new();
    private readonly List<(Func<PollinationsRequest, bool> Match, TaskCompletionSource<PollinationsRequest> Done)> _waiters = [];
    private readonly BoundedStore<bool> _cache = new();
    private CancellationTokenSource _silentWaits = new();
    private EmulatorHost? _host;

    private PollinationsEmulator(string pathPrefix)
    {
        _pathPrefix = pathPrefix;
    }

    /// <summary>The underlying host: every request recorded (decoded) and HTTP-level faults.</summary>
    public EmulatorHost Host => _host!;

    /// <summary>The service's base URL, with the path prefix it was started with (e.g. <c>http://127.0.0.1:41234/mirror</c>).</summary>
    public Uri BaseAddress => _pathPrefix.Length == 0 ? Host.BaseAddress : new Uri(Host.BaseAddress.AbsoluteUri.TrimEnd('/') + _pathPrefix);

    /// <summary>Every request received so far, as the host recorded it.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Host.Requests;

    /// <summary>Every image request received so far, oldest first, with its path and query exactly as sent.</summary>
    public IReadOnlyList<PollinationsRequest> Generations => _generations.ToArray();

    /// <summary>The models the service knows; any other <c>model=</c> is refused with a 500. Default <c>flux</c>, <c>turbo</c>.</summary>
    public IReadOnlyList<string> Models { get; set; } = ["flux", "turbo"];

    /// <summary>The key required as <c>Authorization: Bearer</c> (or <c>?key=</c>), as on the gateway; null for anonymous use (the default).</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>Labels every image <c>image/jpeg</c> whatever its bytes, as the legacy origin does. Default false (the bytes' own type).</summary>
    public bool LabelEveryImageJpeg { get; set; }

    /// <summary>The largest side rendered; larger sizes are rendered at this side. Default 2048.</summary>
    public int MaxSide { get; set; } = 2048;

    /// <summary>The <c>Retry-After</c> of <see cref="PollinationsFault.RateLimited"/>, in seconds (sent rounded up). Default 12.5.</summary>
    public double RetryAfterSeconds { get; set; } = 12.5;

    /// <summary>How long <see cref="PollinationsFault.SilentWait"/> holds the answer back. Default 10 minutes.</summary>
    public TimeSpan SilentWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Starts the service on a free loopback port.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running service.</returns>
    public static Task<PollinationsEmulator> StartAsync(CancellationToken cancellationToken = default) => StartAsync(string.Empty, cancellationToken);

    /// <summary>Starts the service under a path prefix, as a mirror behind a reverse proxy (<c>/mirror/prompt/{p}</c>).</summary>
    /// <param name="pathPrefix">The prefix, e.g. <c>/mirror</c>; empty for none.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running service.</returns>
    public static async Task<PollinationsEmulator> StartAsync(string pathPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        var prefix = pathPrefix.Trim('/').Length == 0 ? string.Empty : "/" + pathPrefix.Trim('/');
        var emulator = new PollinationsEmulator(prefix);
        emulator._host = await EmulatorHost.StartAsync(
            routes =>
            {
                routes.MapGet($"{prefix}/models", (HttpContext context) => ModelsAsync(context, PollinationsAnswers.ModelNames(emulator.Models)));
                routes.MapGet($"{prefix}/image/models", (HttpContext context) => ModelsAsync(context, PollinationsAnswers.ModelObjects(emulator.Models)));
                routes.MapGet($"{prefix}/prompt/{{**prompt}}", (HttpContext context) => emulator.GenerateAsync(context, "prompt"));
                routes.MapGet($"{prefix}/image/{{**prompt}}", (HttpContext context) => emulator.GenerateAsync(context, "image"));
            },
            cancellationToken).ConfigureAwait(false);
        return emulator;
    }

    /// <summary>The image the service renders for these values (what a test should expect to receive).</summary>
    /// <param name="prompt">The decoded prompt.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <param name="model">The upstream model, e.g. <c>flux</c>.</param>
    /// <returns>The PNG file bytes.</returns>
    public static byte[] Render(string prompt, long seed, int width, int height, string model) =>
        PngImage.Render($"{model}\n{prompt}", seed, width, height);

    /// <summary>
    /// Makes the next <paramref name="times"/> image requests answer with <paramref name="fault"/>, after
    /// <paramref name="after"/> requests answered normally (counted after the faults already planned).
    /// </summary>
    /// <param name="fault">The fault.</param>
    /// <param name="times">How many requests it applies to.</param>
    /// <param name="after">How many requests answer normally first, e.g. 1 to fail the second image of a run.</param>
    public void FailNext(PollinationsFault fault, int times = 1, int after = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        lock (_faultsGate)
        {
            for (var i = 0; i < after; i++)
            {
                _faults.Enqueue(null);
            }

            for (var i = 0; i < times; i++)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    /// <summary>
    /// Ends the <see cref="PollinationsFault.SilentWait"/> of every image request received so far (in
    /// <see cref="Generations"/>): they get their images now. Later requests wait again.
    /// </summary>
    public void EndSilentWaits()
    {
        // Not disposed: a request that has just read the old source may still ask for its token.
        Interlocked.Exchange(ref _silentWaits, new CancellationTokenSource()).Cancel();
    }

    /// <summary>Waits until an image request that matches has arrived (or had arrived).</summary>
    /// <param name="match">Which request to wait for; any when null.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>The first matching request.</returns>
    public Task<PollinationsRequest> WaitForGenerationAsync(Func<PollinationsRequest, bool>? match = null, CancellationToken cancellationToken = default)
    {
        match ??= static _ => true;
        lock (_waitersGate)
        {
            if (_generations.FirstOrDefault(match) is { } existing)
            {
                return Task.FromResult(existing);
            }

            var done = new TaskCompletionSource<PollinationsRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops the service.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync().ConfigureAwait(false);
    }

    private static Task JsonAsync(HttpContext context, int status, JsonNode body, string? errorType = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.AccessControlAllowOrigin = "*";
        if (errorType is not null)
        {
            context.Response.Headers["X-Error-Type"] = errorType;
        }

        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static Task HtmlAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=UTF-8";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }

    private static string FileName(string prompt)
    {
        var name = new StringBuilder();
        foreach (var c in prompt.AsSpan(0, Math.Min(prompt.Length, 100)))
        {
            var lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterLower(lower) || char.IsAsciiDigit(lower) || lower == '-')
            {
                name.Append(lower);
            }
            else if (lower == ' ')
            {
                name.Append('-');
            }
        }

        return name.Length == 0 ? "generated-image.jpg" : $"{name}.jpg";
    }

    private static int Side(string? value, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var side) && side > 0 ? Math.Min(side, max) : Math.Min(1024, max);

    private static long Seed(string? value) => value switch
    {
        null => 42,
        _ when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) => seed == -1 ? BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)) : seed,
        _ => 42,
    };

    private static Task ModelsAsync(HttpContext context, JsonArray models)
    {
        context.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate, proxy-revalidate";
        context.Response.Headers.Pragma = "no-cache";
        context.Response.Headers.Expires = "0";
        return JsonAsync(context, 200, models);
    }

    private async Task GenerateAsync(HttpContext context, string route)
    {
        // Taken before the request is listed, so EndSilentWaits after seeing it listed always releases it.
        var silentWaitEnds = Volatile.Read(ref _silentWaits).Token;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var rawQuery = question < 0 ? string.Empty : rawTarget[(question + 1)..];
        var routePrefix = $"{_pathPrefix}/{route}/";
        var rawPrompt = rawPath.StartsWith(routePrefix, StringComparison.Ordinal) ? rawPath[routePrefix.Length..] : string.Empty;
        string? prompt = PollinationsUrlDecoder.TryDecode(rawPrompt, out var decoded) ? decoded : null;
        if (prompt is { Length: 0 })
        {
            prompt = "random_prompt";
        }

        var parameters = PollinationsUrlDecoder.ParseQuery(rawQuery);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Record(new PollinationsRequest(context.Request.Host.Value ?? string.Empty, rawPath, rawQuery, route, prompt, parameters, headers));

        string? Parameter(string name) => parameters.FirstOrDefault(p => p.Key == name) is { Key: not null } found ? found.Value : null;

        if (prompt is null)
        {
            await JsonAsync(context, 500, PollinationsAnswers.Legacy("Internal Server Error", "URI malformed", rawPrompt), "Internal Server Error").ConfigureAwait(false);
            return;
        }

        var fault = _faults.TryDequeue(out var next) ? next : null;
        if (await AnswerFaultAsync(context, fault, prompt, silentWaitEnds).ConfigureAwait(false))
        {
            return;
        }

        var authorized = RequiredApiKey is { } key
            && (context.Request.Headers.Authorization.ToString() == $"Bearer {key}" || Parameter("key") == key);
        if (RequiredApiKey is not null && !authorized)
        {
            await JsonAsync(context, 401, PollinationsAnswers.Gateway(401, "UNAUTHORIZED", "Authentication required. Please provide an API key via Authorization header (Bearer token) or ?key= query parameter.")).ConfigureAwait(false);
            return;
        }

        var model = Parameter("model") ?? "flux";
        if (!Models.Contains(model, StringComparer.Ordinal))
        {
            await JsonAsync(context, 500, PollinationsAnswers.UnknownModel(model, Models, prompt), "Internal Server Error").ConfigureAwait(false);
            return;
        }

        var max = Math.Clamp(MaxSide, 1, PngImage.MaxDimension);
        var width = Side(Parameter("width"), max);
        var height = Side(Parameter("height"), max);
        var seed = Seed(Parameter("seed"));
        var image = Render(prompt, seed, width, height, model);

        var cacheKey = rawPath + "?" + string.Join('&', parameters.Where(p => p.Key is not ("nofeed" or "no-cache" or "token" or "referrer" or "key")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var hit = _cache.TryGetValue(cacheKey, out _);
        _cache.Add(cacheKey, true);

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = LabelEveryImageJpeg ? "image/jpeg" : PngImage.MediaType;
        response.ContentLength = fault == PollinationsFault.EmptyBody ? 0 : image.Length;
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.ContentDisposition = $"inline; filename=\"{FileName(prompt)}\"";
        response.Headers["X-Cache"] = hit ? "HIT" : "MISS";
        if (hit)
        {
            response.Headers["X-Cache-Type"] = "EXACT";
        }

        response.Headers["X-Auth-Status"] = authorized ? "authenticated" : "unauthenticated";
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "X-Auth-Status, X-Cache, Content-Disposition";
        if (fault == PollinationsFault.EmptyBody)
        {
            return;
        }

        if (fault == PollinationsFault.CutShort)
        {
            await response.Body.WriteAsync(image.AsMemory(0, image.Length / 2), context.RequestAborted).ConfigureAwait(false);
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);

            // A flush hands the bytes to the transport, not yet to the socket; an abort at once could drop them and
            // the headers with them, which would be another fault (no answer at all).
            await Task.Delay(CutShortGrace, context.RequestAborted).ConfigureAwait(false);
            context.Abort();
            return;
        }

        await response.Body.WriteAsync(image, context.RequestAborted).ConfigureAwait(false);
    }

    private void Record(PollinationsRequest request)
    {
        lock (_waitersGate)
        {
            _generations.Enqueue(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(request))
                {
                    _waiters[i].Done.TrySetResult(request);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    // True when the fault answered the request; false when the normal answer follows (after a wait, or with a broken body).
    private async Task<bool> AnswerFaultAsync(HttpContext context, PollinationsFault? fault, string prompt, CancellationToken silentWaitEnds)
    {
        switch (fault)
        {
            case null or PollinationsFault.EmptyBody or PollinationsFault.CutShort:
                return false;
            case PollinationsFault.SilentWait:
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, silentWaitEnds))
                {
                    try
                    {
                        await Task.Delay(SilentWait, linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
                    {
                        // Ended early by EndSilentWaits: answer now.
                    }
                    catch (OperationCanceledException)
                    {
                        return true; // the client gave up
                    }
                }

                return false;
            case PollinationsFault.RateLimited:
                context.Response.Headers.RetryAfter = Math.Ceiling(RetryAfterSeconds).ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["RateLimit-Limit"] = "1";
                context.Response.Headers["RateLimit-Remaining"] = "0";
                await JsonAsync(context, 429, PollinationsAnswers.PublishableRateLimit(RetryAfterSeconds)).ConfigureAwait(false);
                return true;
            case PollinationsFault.RateLimitedWithoutRetryAfter:
                await JsonAsync(context, 429, PollinationsAnswers.EdgeRateLimit()).ConfigureAwait(false);
                return true;
            case PollinationsFault.QueueFull:
                await JsonAsync(context, 429, PollinationsAnswers.Legacy("Too Many Requests", PollinationsAnswers.QueueFullMessage(5, 5), prompt, PollinationsAnswers.QueueInfo()), "Too Many Requests").ConfigureAwait(false);
                return true;
            case PollinationsFault.PaymentRequiredQueueFull:
                await JsonAsync(context, 402, PollinationsAnswers.X402()).ConfigureAwait(false);
                return true;
            case PollinationsFault.PaymentRequiredTier:
                await JsonAsync(context, 402, PollinationsAnswers.Tier()).ConfigureAwait(false);
                return true;
            case PollinationsFault.Unauthorized:
                await JsonAsync(context, 401, PollinationsAnswers.Gateway(401, "UNAUTHORIZED", "Authentication required. Please provide an API key via Authorization header (Bearer token) or ?key= query parameter."), "Unauthorized").ConfigureAwait(false);
                return true;
            case PollinationsFault.Forbidden:
                await JsonAsync(context, 403, PollinationsAnswers.Gateway(403, "FORBIDDEN", "Access denied! You don't have the required permissions for this resource or model."), "Forbidden").ConfigureAwait(false);
                return true;
            case PollinationsFault.CloudflareChallenge:
                await HtmlAsync(context, 403, PollinationsAnswers.CloudflareChallengePage).ConfigureAwait(false);
                return true;
            case PollinationsFault.BadRequest:
                var fields = new JsonObject { ["name"] = "ZodError", ["fieldErrors"] = new JsonObject { ["width"] = new JsonArray("Expected number, received nan") }, ["formErrors"] = new JsonArray() };
                await JsonAsync(context, 400, PollinationsAnswers.Gateway(400, "BAD_REQUEST", "Invalid query parameters", fields)).ConfigureAwait(false);
                return true;
            case PollinationsFault.ContentProhibited:
                await JsonAsync(context, 500, PollinationsAnswers.Legacy("Internal Server Error", "Content is prohibited: the prompt was flagged by the safety filter.", prompt), "Internal Server Error").ConfigureAwait(false);
                return true;
            case PollinationsFault.HourlyLimit:
                await JsonAsync(context, 500, PollinationsAnswers.Legacy("Internal Server Error", $"Hourly limit reached for {PollinationsAnswers.ClientIp}. Get unlimited access at https://enter.pollinations.ai", prompt), "Internal Server Error").ConfigureAwait(false);
                return true;
            case PollinationsFault.NestedError:
                await JsonAsync(context, 500, PollinationsAnswers.Nested()).ConfigureAwait(false);
                return true;
            case PollinationsFault.BadGateway:
                await HtmlAsync(context, 502, PollinationsAnswers.BadGatewayPage).ConfigureAwait(false);
                return true;
            case PollinationsFault.HtmlInsteadOfImage:
                await HtmlAsync(context, 200, PollinationsAnswers.MaintenancePage).ConfigureAwait(false);
                return true;
            case PollinationsFault.JsonInsteadOfImage:
                await JsonAsync(context, 200, new JsonObject { ["error"] = "Image generation failed", ["message"] = "No image in the cache entry" }).ConfigureAwait(false);
                return true;
            default:
                throw new InvalidOperationException($"Unknown fault {fault}.");
        }
    }
}
