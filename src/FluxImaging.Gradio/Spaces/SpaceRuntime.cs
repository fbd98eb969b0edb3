using System.Net;
using System.Runtime.CompilerServices;
using FluxImaging.Gradio.Hub;
using FluxImaging.Gradio.Json;
using FluxImaging.Providers;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Gradio.Spaces;

/// <summary>
/// What the Hugging Face API says about a Space (zerogpu.md §6): where its app runs, and its runtime stage. A sleeping
/// or starting Space is waited for (a status line, then its stage read again every few seconds, within
/// <see cref="GradioSpaceOptions.WakeTimeout"/> and the generation's deadline); a paused, stopped or broken one fails at
/// once, naming its stage. The stage is read before the first job in a process and again after a connection failure,
/// when the endpoint is the Space's own host (or is resolved from the Space id).
/// </summary>
internal sealed partial class SpaceRuntime(UpstreamHttp http, GradioSpaceOptions options, ILogger logger)
{
    // The stage is the Hugging Face Space's: it says nothing about a mirror, a proxy or an emulator the endpoint names.
    private readonly bool _onHuggingFace = !string.IsNullOrWhiteSpace(options.Space)
        && (options.Endpoint is null || options.Endpoint.Host.EndsWith(".hf.space", StringComparison.OrdinalIgnoreCase));

    private static readonly HashSet<string> Starting = new(StringComparer.OrdinalIgnoreCase) { "SLEEPING", "APP_STARTING", "RUNNING_APP_STARTING", "BUILDING" };
    private static readonly HashSet<string> Running = new(StringComparer.OrdinalIgnoreCase) { "RUNNING", "RUNNING_BUILDING" };

    private volatile bool _known;

    /// <summary>Whether the Space id is known and the endpoint is the Space's own (or unset), so that its stage means something.</summary>
    public bool CanCheck => _onHuggingFace;

    /// <summary>Reads the stage again before the next job (after a connection failure).</summary>
    public void Forget() => _known = false;

    /// <summary>Makes sure the Space is running, reporting and waiting while it starts; does nothing once it was seen running.</summary>
    public async IAsyncEnumerable<string> EnsureRunningAsync(Func<CancellationToken, Task> wake, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_known || !CanCheck)
        {
            yield break;
        }

        using var wakeWindow = new CancellationTokenSource(options.WakeTimeout, http.TimeProvider);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wakeWindow.Token);
        var woken = false;
        string? last = null;
        while (true)
        {
            var stage = await StageAsync(cancellationToken).ConfigureAwait(false);
            if (stage is null || Running.Contains(stage))
            {
                _known = true;
                yield break;
            }

            if (!Starting.Contains(stage))
            {
                throw new FluxImagingException(
                    FluxImagingErrorKind.UpstreamUnavailable,
                    $"The Space {UpstreamText.Echo(options.Space)} is {Describe(stage)} (stage {UpstreamText.Echo(stage)}); it cannot run jobs until its owner restarts it.",
                    http.Name);
            }

            if (stage != last)
            {
                last = stage;
                yield return stage.Equals("SLEEPING", StringComparison.OrdinalIgnoreCase) ? "Space is asleep; waking it up" : $"Space is starting ({stage.ToLowerInvariant()})";
            }

            if (!woken)
            {
                // A request to the app is what wakes a sleeping Space up; whether it answers does not matter.
                woken = true;
                await wake(waiting.Token).ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(options.WakePollInterval, http.TimeProvider, waiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (wakeWindow.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new FluxImagingException(
                    FluxImagingErrorKind.UpstreamUnavailable,
                    $"The Space {UpstreamText.Echo(options.Space)} did not start within {options.WakeTimeout} (still {UpstreamText.Echo(stage)}).",
                    http.Name,
                    retryAfter: options.WakePollInterval);
            }
        }
    }

    /// <summary>The Space's stage; null when the Hugging Face API could not say (the job is tried anyway).</summary>
    private async Task<string?> StageAsync(CancellationToken cancellationToken)
    {
        var space = options.Space!;
        var operation = $"GET /api/spaces/{space}";
        try
        {
            using var response = await http.SendAsync(Request($"/api/spaces/{space}"), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new FluxImagingException(
                    FluxImagingErrorKind.UpstreamUnavailable,
                    $"Hugging Face does not know the Space {UpstreamText.Echo(space)} (HTTP {(int)response.StatusCode}): it does not exist, or it is private and HuggingFaceToken is missing or not allowed to read it.",
                    http.Name,
                    (int)response.StatusCode);
            }

            var info = await http.ReadJsonAsync(response, GradioJsonContext.Default.SpaceInfoDocument, operation, cancellationToken).ConfigureAwait(false);
            return info.Runtime?.Stage;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or IOException
            or FluxImagingException { Kind: FluxImagingErrorKind.Timeout or FluxImagingErrorKind.UpstreamError }
            or FluxImagingException { Kind: FluxImagingErrorKind.UpstreamUnavailable, Status: null })
        {
            LogStageUnknown(logger, http.Name, UpstreamText.Echo(space), UpstreamText.Clean(ex.Message));
            return null;
        }
    }

    private HttpRequestMessage Request(string path) => SpaceHost.Request(options, path);

    private static string Describe(string stage) => stage.ToUpperInvariant() switch
    {
        "PAUSED" => "paused by its owner",
        "STOPPED" => "stopped",
        "BUILD_ERROR" => "broken: its build failed",
        "RUNTIME_ERROR" => "broken: it crashed",
        "CONFIG_ERROR" => "broken: its configuration is invalid",
        "NO_APP_FILE" => "empty: it has no app file",
        "DELETING" => "being deleted",
        _ => "not running",
    };

    [LoggerMessage(302, LogLevel.Warning, "{Provider}: the Hugging Face API did not say whether {Space} is running ({Reason}); trying it anyway.")]
    private static partial void LogStageUnknown(ILogger logger, string provider, string space, string reason);
}
