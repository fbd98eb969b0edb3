using System.Globalization;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// One failure (or warning) of a ZeroGPU Space as the <c>spaces</c> package raises it (<c>zerogpu.md</c> §2), for
/// <see cref="GradioSpaceEmulator.FailNext(ZeroGpuFault, int)"/>. The Space delivers it as Gradio of its layout does
/// (§1): on the queue a failed <c>process_completed</c> with the text and title (4.x: repr-quoted, no title), on
/// <c>/call</c> <c>event: error</c> with <c>data: null</c> (4.x/5.x) or the error object (6.x). Quota texts follow the
/// caller's identity (<see cref="ZeroGpuIdentity"/>) and add the API hint unless <c>x-gradio-user: app</c>.
/// </summary>
public sealed class ZeroGpuFault
{
    /// <summary>The title of every quota failure.</summary>
    public const string QuotaTitle = "ZeroGPU quota exceeded";

    private const string LinkStyle = "white-space: nowrap;text-underline-offset: 2px;color: var(--body-text-color)";

    private readonly Func<ZeroGpuIdentity, bool, string> _message;

    private ZeroGpuFault(FaultKind kind, string? title, Func<ZeroGpuIdentity, bool, string> message)
    {
        Kind = kind;
        Title = title;
        _message = message;
    }

    internal enum FaultKind
    {
        Failure,
        FailureAfterQueueWait,
        FailureAfterProgress,
        Warning,
        QueueFull,
    }

    /// <summary>The error's title (<c>ZeroGPU quota exceeded</c>, <c>ZeroGPU worker error</c>, …; <c>Error</c> for older wordings).</summary>
    public string? Title { get; }

    internal FaultKind Kind { get; }

    /// <summary>Quota exceeded: <c>You have exceeded your [free |Pro ]ZeroGPU quota (60s requested vs. 42s left). Try again in 0:05:17. </c> + API hint.</summary>
    /// <param name="retryAfter">The wait, written as Python's <c>str(timedelta)</c>; a day or more reads <c>1 day, 2:03:04</c>. Default 5 min 17 s.</param>
    /// <param name="requestedSeconds">The GPU duration the Space requested.</param>
    /// <param name="leftSeconds">The quota left.</param>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault Quota(TimeSpan? retryAfter = null, int requestedSeconds = 60, int leftSeconds = 42)
    {
        var wait = PythonTimedelta.Format(retryAfter ?? new TimeSpan(0, 5, 17));
        return new(FaultKind.Failure, QuotaTitle, (identity, api) =>
            string.Create(CultureInfo.InvariantCulture, $"You have exceeded your {Tier(identity)}ZeroGPU quota ({requestedSeconds}s requested vs. {leftSeconds}s left). Try again in {wait}. ") + Hint(identity, api));
    }

    /// <summary>The run-count limit, no wait given: <c>You have exceeded your ZeroGPU runs limit. </c> + API hint.</summary>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault RunsLimit() =>
        new(FaultKind.Failure, QuotaTitle, (identity, api) => "You have exceeded your ZeroGPU runs limit. " + Hint(identity, api));

    /// <summary>A request without <c>X-IP-Token</c> drew on the Space's shared pool, which is empty.</summary>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault AppGpuLimit() =>
        new(FaultKind.Failure, QuotaTitle, (_, _) => "Space app has reached its GPU limit. Try re-running outside of examples if it happened after clicking one");

    /// <summary>A queue timeout for a request without <c>X-IP-Token</c>, reported under the quota title (a capacity problem, not a quota).</summary>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault AppQueueTimeout() =>
        new(FaultKind.FailureAfterQueueWait, QuotaTitle, (_, _) => "No GPU was available after 60s. Try re-running outside of examples if it happened after clicking one");

    /// <summary>Sixty seconds in the ZeroGPU queue, after a "Waiting for a GPU" log; the HTML text depends on the caller.</summary>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault QueueTimeout() =>
        new(FaultKind.FailureAfterQueueWait, "ZeroGPU queue timeout", (identity, _) => identity switch
        {
            ZeroGpuIdentity.Anonymous => $"No GPU was available after 60s. <a style=\"{LinkStyle}\" href=\"https://huggingface.co/join\">Create a free account</a> to get a higher priority in ZeroGPU queues.",
            ZeroGpuIdentity.Free => $"No GPU was available after 60s. <a style=\"{LinkStyle}\" href=\"https://huggingface.co/subscribe/pro?from=ZeroGPU\">Subscribe to Pro</a> to get the highest priority in ZeroGPU queues.",
            _ => "No GPU was available after 60s. Retry later",
        });

    /// <summary>Too much GPU time reserved by the caller's other running tasks.</summary>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault PendingCredits() =>
        new(FaultKind.Failure, "ZeroGPU pending credits exceeded", (_, _) => "You have too many ZeroGPU credits allocated to running tasks. Try again once some of those tasks have completed.");

    /// <summary>The scheduler answered 503: <c>No GPU was available</c> (title <c>ZeroGPU client error</c>).</summary>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault NoGpuAvailable() =>
        new(FaultKind.Failure, "ZeroGPU client error", (_, _) => "No GPU was available");

    /// <summary>The scheduler answered 401: the per-request proxy token expired while the request waited.</summary>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault ExpiredProxyToken() =>
        new(FaultKind.Failure, "ZeroGPU client error", (_, _) => "Expired ZeroGPU proxy token");

    /// <summary>The Space asked for more GPU time than the caller may have (a Space bug).</summary>
    /// <param name="requestedSeconds">The duration asked for.</param>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault IllegalDuration(int requestedSeconds = 180) =>
        new(FaultKind.Failure, "ZeroGPU illegal duration", (_, _) => string.Create(CultureInfo.InvariantCulture, $"The requested GPU duration ({requestedSeconds}s) is larger than the maximum allowed"));

    /// <summary>The GPU worker died after progress had started: <c>GPU task aborted</c>.</summary>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault WorkerAborted() =>
        new(FaultKind.FailureAfterProgress, "ZeroGPU worker error", (_, _) => "GPU task aborted");

    /// <summary>An exception inside the GPU worker after progress had started; only its class name survives.</summary>
    /// <param name="exceptionClass">The exception's class name, e.g. <c>RuntimeError</c> or <c>OutOfMemoryError</c>.</param>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault WorkerException(string exceptionClass = "RuntimeError") =>
        new(FaultKind.FailureAfterProgress, "ZeroGPU worker error", (_, _) => exceptionClass);

    /// <summary>The older wording, title <c>Error</c>: <c>You have exceeded your GPU quota (60s requested vs. 56s left). &lt;a …&gt;Create a free account&lt;/a&gt; to get more usage quota.</c></summary>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault LegacyQuota() =>
        new(FaultKind.Failure, "Error", (_, _) => $"You have exceeded your GPU quota (60s requested vs. 56s left). <a style=\"{LinkStyle}\" href=\"https://huggingface.co/join\">Create a free account</a> to get more usage quota.");

    /// <summary>The oldest wording, title <c>Error</c>: <c>… (46s left vs. 60s requested). Sign-up on Hugging Face to get more quotas or retry in 0:09:48.</c></summary>
    /// <param name="retryAfter">The wait; default 9 min 48 s.</param>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault LegacyQuotaWithRetry(TimeSpan? retryAfter = null)
    {
        var wait = PythonTimedelta.Format(retryAfter ?? new TimeSpan(0, 9, 48));
        return new(FaultKind.Failure, "Error", (_, _) => $"You have exceeded your GPU quota (46s left vs. 60s requested). Sign-up on Hugging Face to get more quotas or retry in {wait}.");
    }

    /// <summary>
    /// Not a failure: the <c>ZeroGPU client warning</c> log <c>Falling back to IP-based quotas (reason)</c> (the user's
    /// token was rejected), then the job succeeds. <c>/call</c> drops logs, so there it is a plain success.
    /// </summary>
    /// <param name="reason">The reason in parentheses.</param>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault TokenRejectedWarning(string reason = "InvalidRepoToken") =>
        new(FaultKind.Warning, "ZeroGPU client warning", (_, _) => $"Falling back to IP-based quotas ({reason})");

    /// <summary>The queue is full (Gradio's default <c>max_size</c> on ZeroGPU is 1): the join or <c>/call</c> POST answers 503.</summary>
    /// <param name="maxSize">The queue's maximum.</param>
    /// <param name="size">Its current size.</param>
    /// <returns>The fault.</returns>
    public static ZeroGpuFault QueueFull(int maxSize = 1, int size = 1) =>
        new(FaultKind.QueueFull, null, (_, _) => string.Create(CultureInfo.InvariantCulture, $"Queue is full. Max size is {maxSize} and size is {size}."));

    /// <summary>Any <c>gr.Error</c>, for texts of a test's choosing.</summary>
    internal static ZeroGpuFault Custom(string? title, string text) => new(FaultKind.Failure, title, (_, _) => text);

    /// <summary>The text the Space shows this caller.</summary>
    /// <param name="identity">Whose quota the request was charged to.</param>
    /// <param name="apiCall">Whether it is an API call (any <c>x-gradio-user</c> but <c>app</c>), which adds the hint to quota texts.</param>
    /// <returns>The message, HTML included where the Space sends HTML.</returns>
    public string MessageFor(ZeroGpuIdentity identity, bool apiCall = true) => _message(identity, apiCall);

    private static string Tier(ZeroGpuIdentity identity) => identity switch
    {
        ZeroGpuIdentity.Free => "free ",
        ZeroGpuIdentity.Pro => "Pro ",
        _ => string.Empty,
    };

    private static string Hint(ZeroGpuIdentity identity, bool apiCall) => !apiCall ? string.Empty : identity switch
    {
        ZeroGpuIdentity.Anonymous => "Authenticate with a Hugging Face token for more quota - https://huggingface.co/settings/tokens",
        ZeroGpuIdentity.Free => "Subscribe to Hugging Face PRO to get 25 min of ZeroGPU quota a day - https://huggingface.co/subscribe/pro?from=ZeroGPU",
        _ => "Add credits to keep using ZeroGPU. $1 for 10 minutes of ZeroGPU inference - https://huggingface.co/settings/billing?add-credits=true",
    };
}
