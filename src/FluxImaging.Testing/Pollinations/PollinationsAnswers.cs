using System.Globalization;
using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Pollinations;

/// <summary>The error answers of the service, shaped as the legacy origin, the gateway, x402 and Cloudflare send them.</summary>
internal static class PollinationsAnswers
{
    public const string ClientIp = "203.0.113.7";

    public const string CloudflareChallengePage =
        "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title></head><body><div id=\"cf-please-wait\"><p id=\"cf-spinner-please-wait\">Checking your browser before accessing image.pollinations.ai.</p></div></body></html>";

    public const string BadGatewayPage =
        "<!DOCTYPE html>\n<html lang=\"en-US\"><head><meta charset=\"UTF-8\" /><title>image.pollinations.ai | 502: Bad gateway</title>"
        + "<style>body{font-family:system-ui}</style></head><body><div id=\"cf-wrapper\"><h1><span class=\"inline-block\">Bad gateway</span> "
        + "<span class=\"code-label\">Error code 502</span></h1><p>The web server reported a bad gateway error.</p>"
        + "<script>window._cf_translation = {};</script></div></body></html>";

    public const string MaintenancePage =
        "<!DOCTYPE html><html><head><title>Pollinations - we will be back soon</title></head><body><h1>Maintenance</h1></body></html>";

    /// <summary>The legacy origin's error body: <c>error</c> is the status text, <c>message</c> what happened.</summary>
    public static JsonObject Legacy(string error, string message, string prompt, JsonObject? queueInfo = null) => new()
    {
        ["error"] = error,
        ["message"] = message,
        ["details"] = null,
        ["requestId"] = "x1y2z3",
        ["requestParameters"] = new JsonObject { ["prompt"] = prompt, ["width"] = 1024, ["height"] = 1024, ["seed"] = 42, ["model"] = "flux" },
        ["queueInfo"] = queueInfo,
    };

    /// <summary>The gateway's error body.</summary>
    public static JsonObject Gateway(int status, string code, string message, JsonObject? details = null) => new()
    {
        ["status"] = status,
        ["success"] = false,
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["timestamp"] = "2026-08-21T10:00:00.000Z",
            ["details"] = details ?? new JsonObject { ["name"] = code },
            ["requestId"] = "req_0123456789",
            ["cause"] = null,
        },
    };

    public static JsonObject QueueInfo() => new()
    {
        ["ip"] = ClientIp,
        ["currentSize"] = 5,
        ["pending"] = 1,
        ["total"] = 5,
        ["maxAllowed"] = 5,
        ["tier"] = "anonymous",
    };

    public static string QueueFullMessage(int queued, int max) =>
        $"Queue full for IP: {ClientIp}: {queued} requests already queued (max: {max}). Get unlimited access at https://enter.pollinations.ai";

    public static JsonObject X402() => new()
    {
        ["x402Version"] = 1,
        ["error"] = QueueFullMessage(1, 1),
        ["accepts"] = new JsonArray(new JsonObject
        {
            ["scheme"] = "exact",
            ["network"] = "base",
            ["maxAmountRequired"] = "10000",
            ["resource"] = "https://image.pollinations.ai/prompt",
            ["description"] = "Pollinations legacy image — pay to bypass rate limit",
            ["mimeType"] = "image/jpeg",
            ["payTo"] = "0x0000000000000000000000000000000000000000",
            ["maxTimeoutSeconds"] = 300,
        }),
    };

    public static JsonObject Tier() => new()
    {
        ["error"] = "Model not found or tier not high enough. Your tier: anonymous, required tier: seed. Get unlimited access at https://enter.pollinations.ai",
        ["status"] = 402,
    };

    public static JsonObject PublishableRateLimit(double retryAfterSeconds) => new()
    {
        ["error"] = "Rate limit exceeded",
        ["message"] = string.Create(CultureInfo.InvariantCulture, $"Rate limit bucket exhausted (0.00/0.1). Retry after {retryAfterSeconds}s. Use secret keys (sk_*) for unlimited requests."),
        ["retryAfterSeconds"] = retryAfterSeconds,
        ["rateLimitRemaining"] = 0,
    };

    public static JsonObject EdgeRateLimit() => new() { ["error"] = "Rate limit exceeded", ["message"] = "Too many requests. Please slow down." };

    /// <summary>The origin's error relayed by the gateway: its whole JSON error as the gateway's message string.</summary>
    public static JsonObject Nested() => Gateway(
        500,
        "INTERNAL_ERROR",
        new JsonObject
        {
            ["error"] = "Internal Server Error",
            ["message"] = "HTTP error! status: 403, No available image model servers for flux",
        }.ToJsonString());

    /// <summary>What the origin's zod validation throws for an unknown model: the issue list, serialised, as the message.</summary>
    public static JsonObject UnknownModel(string model, IReadOnlyList<string> models, string prompt)
    {
        var expected = string.Join(" | ", models.Select(m => $"'{m}'"));
        var issues = new JsonArray(new JsonObject
        {
            ["received"] = model,
            ["code"] = "invalid_enum_value",
            ["options"] = new JsonArray(models.Select(m => (JsonNode?)m).ToArray()),
            ["path"] = new JsonArray("model"),
            ["message"] = $"Invalid enum value. Expected {expected}, received '{model}'",
        });
        return Legacy("Internal Server Error", issues.ToJsonString(), prompt);
    }

    public static JsonArray ModelNames(IReadOnlyList<string> models) => new(models.Select(m => (JsonNode?)m).ToArray());

    public static JsonArray ModelObjects(IReadOnlyList<string> models) => new(models.Select(m => (JsonNode?)new JsonObject
    {
        ["name"] = m,
        ["aliases"] = m == "flux" ? new JsonArray("flux-schnell") : new JsonArray(),
        ["pricing"] = new JsonObject { ["currency"] = "pollen", ["completionImageTokens"] = m == "flux" ? 0.0002 : 0.0003 },
        ["description"] = m == "flux" ? "Flux Schnell - Fast high-quality image generation" : $"{m} (emulated)",
        ["input_modalities"] = new JsonArray("text"),
        ["output_modalities"] = new JsonArray("image"),
        ["paid_only"] = m != "flux",
    }).ToArray());
}
