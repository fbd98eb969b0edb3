using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Testing.Tests.Gradio;

/// <summary>A raw HTTP client for the emulated Spaces: what a test sees on the wire, without any Gradio client in between.</summary>
internal sealed class SpaceWire(GradioSpaceEmulator space) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = space.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient Http => _http;

    public string Prefix => space.ApiPrefix;

    public async Task<JsonObject> ConfigAsync() => JsonNode.Parse(await _http.GetStringAsync("/config"))!.AsObject();

    public async Task<JsonObject> InfoAsync() => JsonNode.Parse(await _http.GetStringAsync($"{Prefix}/info"))!.AsObject();

    /// <summary>Joins the queue and reads the session stream to its end; every <c>data:</c> payload, in order.</summary>
    public async Task<List<JsonObject>> QueueAsync(int fnIndex, JsonArray data, IReadOnlyDictionary<string, string>? headers = null, int? triggerId = null)
    {
        var session = Guid.NewGuid().ToString("N");
        using var join = new HttpRequestMessage(HttpMethod.Post, $"{Prefix}/queue/join")
        {
            Content = new StringContent(new JsonObject { ["data"] = data, ["event_data"] = null, ["fn_index"] = fnIndex, ["trigger_id"] = triggerId, ["session_hash"] = session }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        AddHeaders(join, headers);
        using var joined = await _http.SendAsync(join);
        Assert.That((int)joined.StatusCode, Is.EqualTo(200), await joined.Content.ReadAsStringAsync());

        using var stream = new HttpRequestMessage(HttpMethod.Get, $"{Prefix}/queue/data?session_hash={session}");
        AddHeaders(stream, headers);
        using var response = await _http.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead);
        var messages = new List<JsonObject>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var message = JsonNode.Parse(line["data: ".Length..])!.AsObject();
                messages.Add(message);
                if ((string?)message["msg"] == "close_stream")
                {
                    break;
                }
            }
        }

        return messages;
    }

    /// <summary>Submits to <c>/call</c> (or <c>/call/v2</c>) and reads the result stream: each event name with its raw <c>data:</c> text.</summary>
    public async Task<List<(string Event, string Data)>> CallAsync(string api, JsonNode body, IReadOnlyDictionary<string, string>? headers = null, bool named = false)
    {
        var route = named ? $"{Prefix}/call/v2/{api}" : $"{Prefix}/call/{api}";
        using var submit = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        AddHeaders(submit, headers);
        using var submitted = await _http.SendAsync(submit);
        Assert.That((int)submitted.StatusCode, Is.EqualTo(200), await submitted.Content.ReadAsStringAsync());
        var eventId = (string)JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["event_id"]!;

        using var response = await _http.GetAsync($"{route}/{eventId}", HttpCompletionOption.ResponseHeadersRead);
        var events = new List<(string, string)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? name = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name is not null)
            {
                events.Add((name, line["data: ".Length..]));
                if (name is "complete" or "error")
                {
                    break;
                }
            }
        }

        return events;
    }

    /// <summary>Uploads files as <c>@gradio/client</c> does (multipart parts named <c>files</c>) and returns the server paths.</summary>
    public async Task<List<string>> UploadAsync(params (byte[] Bytes, string FileName)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (bytes, fileName) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "files", fileName);
        }

        using var response = await _http.PostAsync($"{Prefix}/upload?upload_id=abc123", form);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        return [.. JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(p => (string)p!)];
    }

    public void Dispose() => _http.Dispose();

    public static JsonObject FileData(string path) => new() { ["path"] = path, ["meta"] = new JsonObject { ["_type"] = "gradio.FileData" } };

    private static void AddHeaders(HttpRequestMessage request, IReadOnlyDictionary<string, string>? headers)
    {
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
