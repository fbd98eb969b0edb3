using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Testing.Tests.Gradio;

/// <summary>The ZeroGPU vocabulary as fault modes, on the wire of each Gradio version and transport (<c>zerogpu.md</c> §1–2, §5, §7).</summary>
[TestFixture]
public sealed class ZeroGpuFaultTests
{
    private const string AnonymousQuota = "You have exceeded your ZeroGPU quota (60s requested vs. 42s left). Try again in 0:05:17. Authenticate with a Hugging Face token for more quota - https://huggingface.co/settings/tokens";

    private static readonly JsonArray SchnellInputs = new("a fox", 1, false, 256, 256, 2);

    [Test]
    public async Task A_quota_failure_on_the_5x_queue_carries_the_text_and_title()
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell");
        space.FailNext(ZeroGpuFault.Quota());
        using var wire = new SpaceWire(space);

        var completed = Completed(await wire.QueueAsync(2, Inputs()));

        Assert.That(completed.ToJsonString(), Does.Contain($$"""
            "output":{"error":{{JsonValue.Create(AnonymousQuota).ToJsonString()}},"duration":10,"visible":true,"title":"ZeroGPU quota exceeded"},"success":false,"title":"ZeroGPU quota exceeded"}
            """.Trim()));
    }

    [Test]
    public async Task On_the_4x_queue_the_text_is_repr_quoted_and_there_is_no_title()
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell", GradioLayout.Gradio4);
        space.FailNext(ZeroGpuFault.Quota());
        using var wire = new SpaceWire(space);

        var completed = Completed(await wire.QueueAsync(2, Inputs()));

        Assert.That((string?)completed["output"]!["error"], Is.EqualTo($"'{AnonymousQuota}'"));
        Assert.That(completed.ContainsKey("title"), Is.False);
        Assert.That(completed["output"]!.AsObject().ContainsKey("title"), Is.False);
    }

    [Test]
    public async Task On_the_6x_queue_the_completion_adds_the_cache_fields()
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell", GradioLayout.Gradio6);
        space.FailNext(ZeroGpuFault.RunsLimit());
        using var wire = new SpaceWire(space);

        var completed = Completed(await wire.QueueAsync(2, Inputs()));

        Assert.That(completed.Select(p => p.Key), Is.EqualTo(new[] { "msg", "event_id", "output", "success", "title", "used_cache", "cache_duration", "avg_time" }));
    }

    [TestCase(GradioLayout.Gradio4)]
    [TestCase(GradioLayout.Gradio5)]
    public async Task On_call_before_6x_the_text_is_lost(GradioLayout layout)
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell", layout);
        space.FailNext(ZeroGpuFault.Quota());
        using var wire = new SpaceWire(space);

        var events = await wire.CallAsync("infer", new JsonObject { ["data"] = Inputs() });

        Assert.That(events[^1], Is.EqualTo(("error", "null")));
    }

    [Test]
    public async Task On_call_in_6x_the_error_object_arrives_in_python_json_style()
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell", GradioLayout.Gradio6);
        space.FailNext(ZeroGpuFault.PendingCredits());
        using var wire = new SpaceWire(space);

        var events = await wire.CallAsync("infer", new JsonObject { ["data"] = Inputs() });

        Assert.That(events[^1], Is.EqualTo(("error", """{"error": "You have too many ZeroGPU credits allocated to running tasks. Try again once some of those tasks have completed.", "duration": 10, "visible": true, "title": "ZeroGPU pending credits exceeded"}""")));
    }

    [TestCase(null, null, "You have exceeded your ZeroGPU quota", "Authenticate with a Hugging Face token")]
    [TestCase("X-HF-Authorization", "Bearer hf_user", "You have exceeded your free ZeroGPU quota", "Subscribe to Hugging Face PRO")]
    [TestCase("Authorization", "Bearer hf_user", "You have exceeded your free ZeroGPU quota", "Subscribe to Hugging Face PRO")]
    [TestCase("X-HF-Authorization", "Bearer hf_pro", "You have exceeded your Pro ZeroGPU quota", "Add credits to keep using ZeroGPU")]
    public async Task The_quota_wording_follows_the_callers_identity(string? header, string? value, string opening, string hint)
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell");
        space.ProTokens.Add("hf_pro");
        space.FailNext(ZeroGpuFault.Quota());
        using var wire = new SpaceWire(space);
        var headers = header is null ? null : new Dictionary<string, string> { [header] = value! };

        var text = (string?)Completed(await wire.QueueAsync(2, Inputs(), headers))["output"]!["error"];

        Assert.That(text, Does.StartWith(opening).And.Contain(hint));
    }

    [Test]
    public async Task The_ui_gets_no_api_hint_and_keeps_the_trailing_space()
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell");
        space.FailNext(ZeroGpuFault.RunsLimit());
        using var wire = new SpaceWire(space);

        var text = (string?)Completed(await wire.QueueAsync(2, Inputs(), new Dictionary<string, string> { ["x-gradio-user"] = "app" }))["output"]!["error"];

        Assert.That(text, Is.EqualTo("You have exceeded your ZeroGPU runs limit. "));
    }

    [Test]
    public async Task A_fault_for_the_first_two_submissions_lets_the_third_succeed()
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell");
        space.FailNext(ZeroGpuFault.NoGpuAvailable(), times: 2);
        using var wire = new SpaceWire(space);

        var outcomes = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((bool)Completed(await wire.QueueAsync(2, Inputs()))["success"]!);
        }

        Assert.That(outcomes, Is.EqualTo(new[] { false, false, true }));
    }

    [Test]
    public async Task A_queue_timeout_follows_a_waiting_log()
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell");
        space.FailNext(ZeroGpuFault.QueueTimeout());
        using var wire = new SpaceWire(space);

        var messages = await wire.QueueAsync(2, Inputs());

        var log = messages.Single(m => (string?)m["msg"] == "log");
        Assert.That(((string?)log["log"], (string?)log["title"]), Is.EqualTo(("Waiting for a GPU to become available", "ZeroGPU queue")));
        var completed = Completed(messages);
        Assert.That((string?)completed["title"], Is.EqualTo("ZeroGPU queue timeout"));
        Assert.That((string?)completed["output"]!["error"], Does.StartWith("No GPU was available after 60s. <a ").And.Contain("Create a free account"));
    }

    [Test]
    public async Task A_worker_error_comes_after_progress_has_started()
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell");
        space.FailNext(ZeroGpuFault.WorkerException("OutOfMemoryError"));
        using var wire = new SpaceWire(space);

        var messages = await wire.QueueAsync(2, new JsonArray("a fox", 1, false, 256, 256, 8));

        Assert.That(messages.Count(m => (string?)m["msg"] == "progress"), Is.EqualTo(2));
        var completed = Completed(messages);
        Assert.That(((string?)completed["output"]!["error"], (string?)completed["title"]), Is.EqualTo(("OutOfMemoryError", "ZeroGPU worker error")));
    }

    [Test]
    public async Task A_rejected_token_is_a_warning_log_and_the_job_still_succeeds()
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell");
        space.FailNext(ZeroGpuFault.TokenRejectedWarning());
        using var wire = new SpaceWire(space);

        var messages = await wire.QueueAsync(2, Inputs(), new Dictionary<string, string> { ["X-HF-Authorization"] = "Bearer hf_revoked" });

        var warning = messages.First(m => (string?)m["msg"] == "log");
        Assert.That(((string?)warning["level"], (string?)warning["title"], (string?)warning["log"]), Is.EqualTo(("warning", "ZeroGPU client warning", "Falling back to IP-based quotas (InvalidRepoToken)")));
        Assert.That((bool)Completed(messages)["success"]!, Is.True);
    }

    [TestCase("queue/join")]
    [TestCase("call/infer")]
    public async Task A_full_queue_answers_503_on_the_submission(string route)
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell");
        space.FailNext(ZeroGpuFault.QueueFull());
        using var wire = new SpaceWire(space);
        var body = new JsonObject { ["data"] = Inputs(), ["fn_index"] = 2, ["session_hash"] = "abc" };

        using var response = await wire.Http.PostAsync($"/gradio_api/{route}", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"detail":"Queue is full. Max size is 1 and size is 1."}"""));
    }

    [Test]
    public async Task The_space_records_which_headers_arrived_on_which_request()
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell");
        using var wire = new SpaceWire(space);
        await wire.ConfigAsync();

        await wire.QueueAsync(2, Inputs(), new Dictionary<string, string> { ["X-HF-Authorization"] = "Bearer hf_user" });

        Assert.That(space.Host.RequestsWithHeader("x-hf-authorization").Select(r => r.Path), Is.EqualTo(new[] { "/gradio_api/queue/join", "/gradio_api/queue/data" }));
    }

    [TestCaseSource(nameof(Vocabulary))]
    public void Each_fault_has_the_title_and_text_of_the_spaces_package(ZeroGpuFault fault, string? title, string text)
    {
        Assert.That(fault.Title, Is.EqualTo(title));
        Assert.That(fault.MessageFor(ZeroGpuIdentity.Free), Does.StartWith(text));
    }

    private static IEnumerable<TestCaseData> Vocabulary()
    {
        yield return new TestCaseData(ZeroGpuFault.Quota(new TimeSpan(1, 2, 3, 4)), "ZeroGPU quota exceeded", "You have exceeded your free ZeroGPU quota (60s requested vs. 42s left). Try again in 1 day, 2:03:04. ").SetName("Quota with a wait of a day");
        yield return new TestCaseData(ZeroGpuFault.Quota(new TimeSpan(3, 0, 0, 0), 90, 5), "ZeroGPU quota exceeded", "You have exceeded your free ZeroGPU quota (90s requested vs. 5s left). Try again in 3 days, 0:00:00. ").SetName("Quota with a wait of days");
        yield return new TestCaseData(ZeroGpuFault.RunsLimit(), "ZeroGPU quota exceeded", "You have exceeded your ZeroGPU runs limit. Subscribe").SetName("Runs limit");
        yield return new TestCaseData(ZeroGpuFault.AppGpuLimit(), "ZeroGPU quota exceeded", "Space app has reached its GPU limit. Try re-running outside of examples").SetName("App GPU limit");
        yield return new TestCaseData(ZeroGpuFault.AppQueueTimeout(), "ZeroGPU quota exceeded", "No GPU was available after 60s. Try re-running outside of examples").SetName("App queue timeout");
        yield return new TestCaseData(ZeroGpuFault.QueueTimeout(), "ZeroGPU queue timeout", "No GPU was available after 60s. <a ").SetName("Queue timeout");
        yield return new TestCaseData(ZeroGpuFault.PendingCredits(), "ZeroGPU pending credits exceeded", "You have too many ZeroGPU credits").SetName("Pending credits");
        yield return new TestCaseData(ZeroGpuFault.NoGpuAvailable(), "ZeroGPU client error", "No GPU was available").SetName("No GPU available");
        yield return new TestCaseData(ZeroGpuFault.ExpiredProxyToken(), "ZeroGPU client error", "Expired ZeroGPU proxy token").SetName("Expired proxy token");
        yield return new TestCaseData(ZeroGpuFault.IllegalDuration(), "ZeroGPU illegal duration", "The requested GPU duration (180s) is larger than the maximum allowed").SetName("Illegal duration");
        yield return new TestCaseData(ZeroGpuFault.WorkerAborted(), "ZeroGPU worker error", "GPU task aborted").SetName("Worker aborted");
        yield return new TestCaseData(ZeroGpuFault.LegacyQuota(), "Error", "You have exceeded your GPU quota (60s requested vs. 56s left). <a ").SetName("Older quota wording");
        yield return new TestCaseData(ZeroGpuFault.LegacyQuotaWithRetry(), "Error", "You have exceeded your GPU quota (46s left vs. 60s requested). Sign-up on Hugging Face to get more quotas or retry in 0:09:48.").SetName("Oldest quota wording");
        yield return new TestCaseData(ZeroGpuFault.TokenRejectedWarning("InvalidToken"), "ZeroGPU client warning", "Falling back to IP-based quotas (InvalidToken)").SetName("Token warning");
    }

    private static JsonArray Inputs() => (JsonArray)SchnellInputs.DeepClone();

    private static JsonObject Completed(List<JsonObject> messages) => messages.Single(m => (string?)m["msg"] == "process_completed");
}
