using System.Text.Json.Nodes;

namespace FluxImaging.Testing.OpenAI;

/// <summary>
/// Failures as a gpt4free server reports them on its images route (<c>format_exception</c>): a JSON body
/// <c>{"error":{"message":"&lt;ExceptionClass&gt;: &lt;text&gt;"},"model":…}</c> without OpenAI's <c>type</c>, <c>param</c> and
/// <c>code</c>, and status 500 for nearly everything, rate limits and quotas included. Inject one with
/// <c>emulator.Host.Faults.Add("POST", "/images/generations", Gpt4FreeErrors.Fault("RateLimitError", "…"))</c>.
/// </summary>
public static class Gpt4FreeErrors
{
    /// <summary>gpt4free's answer for a failed generation.</summary>
    /// <param name="exceptionClass">The Python exception class, e.g. <c>RateLimitError</c>, <c>ResponseError</c>, <c>MissingAuthError</c>.</param>
    /// <param name="message">The exception's text.</param>
    /// <param name="status">The status: 500 for most failures, 401 for <c>MissingAuthError</c>, 404 for an unknown model or provider.</param>
    /// <param name="model">The model gpt4free echoes, if any.</param>
    /// <returns>The fault.</returns>
    public static Fault Fault(string exceptionClass, string message, int status = 500, string? model = null) =>
        Testing.Fault.Status(status, Body(exceptionClass, message, model));

    /// <summary>The JSON body of such an answer.</summary>
    /// <param name="exceptionClass">The Python exception class.</param>
    /// <param name="message">The exception's text.</param>
    /// <param name="model">The model gpt4free echoes, if any (omitted when null, as gpt4free does).</param>
    /// <returns>The body text.</returns>
    public static string Body(string exceptionClass, string message, string? model = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exceptionClass);
        ArgumentNullException.ThrowIfNull(message);
        var body = new JsonObject { ["error"] = new JsonObject { ["message"] = $"{exceptionClass}: {message}" } };
        if (model is not null)
        {
            body["model"] = model;
        }

        return body.ToJsonString();
    }

    internal static JsonObject Message(string message) => new() { ["error"] = new JsonObject { ["message"] = message } };
}
