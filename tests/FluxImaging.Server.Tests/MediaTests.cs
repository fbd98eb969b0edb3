using System.Net;
using System.Text;
using System.Text.Json;
using FluxImaging.Server.Media;
using FluxImaging.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FluxImaging.Server.Tests;

/// <summary>The media store: HEAD, the size quota and the age limit, and the server key when media asks for it.</summary>
[TestFixture]
public sealed class MediaTests
{
    [Test]
    public async Task HEAD_answers_the_headers_of_GET_without_the_body()
    {
        await using var server = await ServerFixture.StartAsync();
        var url = await GenerateAsync(server, "head");

        using var get = await server.Http.GetAsync(url);
        using var head = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(head.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));
        Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(get.Content.Headers.ContentLength).And.GreaterThan(0));
        Assert.That(head.Headers.ETag, Is.EqualTo(get.Headers.ETag));
        Assert.That(head.Headers.CacheControl, Is.EqualTo(get.Headers.CacheControl));
        Assert.That(head.Headers.AcceptRanges, Is.EquivalentTo(get.Headers.AcceptRanges));
        Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task HEAD_of_an_unknown_name_is_404()
    {
        await using var server = await ServerFixture.StartAsync();

        using var head = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, server.Url("/media/1_x_0123456789abcdef.png")));

        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Past_the_size_quota_older_images_are_deleted_and_the_new_one_is_kept()
    {
        // A quota smaller than any image: each save keeps only itself.
        await using var server = await ServerFixture.StartAsync(settings: ["--FluxImaging:Server:MediaMaxBytes=1"]);
        var urls = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            urls.Add(await GenerateAsync(server, $"quota {i}"));
        }

        Assert.That(new DirectoryInfo(server.MediaFolder).GetFiles(), Has.Length.EqualTo(1));
        using var newest = await server.Http.GetAsync(urls[^1]);
        using var oldest = await server.Http.GetAsync(urls[0]);
        Assert.That(newest.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(oldest.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_quota_deletes_the_oldest_images_first()
    {
        var folder = Directory.CreateTempSubdirectory("fluximaging-media-").FullName;
        try
        {
            var store = new MediaStore(Options.Create(new ServerOptions { MediaFolder = folder, MediaMaxBytes = 350 }), TimeProvider.System, NullLogger<MediaStore>.Instance);
            var names = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                var name = $"{i + 1}_old_{i:x16}.png";
                var path = Path.Combine(folder, name);
                await File.WriteAllBytesAsync(path, new byte[100]);
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(i - 10));
                names.Add(name);
            }

            var saved = await store.SaveAsync(new byte[100], ".png", "new", source: "http://example.com/new.png", CancellationToken.None);

            Assert.That(new DirectoryInfo(folder).GetFiles().Select(f => f.Name), Is.EquivalentTo(new[] { names[2], names[3], saved }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Past_the_age_limit_an_image_is_never_served_and_is_deleted()
    {
        await using var server = await ServerFixture.StartAsync(settings: ["--FluxImaging:Server:MediaMaxAge=01:00:00"]);
        var old = await GenerateAsync(server, "old");
        var oldFile = new DirectoryInfo(server.MediaFolder).GetFiles().Single();
        oldFile.LastWriteTimeUtc = DateTime.UtcNow.AddHours(-2);
        var stale = Path.Combine(server.MediaFolder, "2_stale_0123456789abcdef.png");
        File.WriteAllBytes(stale, [1, 2, 3]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-3));

        using var expired = await server.Http.GetAsync(old);
        var fresh = await GenerateAsync(server, "fresh");

        Assert.That(expired.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(File.Exists(oldFile.FullName), Is.False);
        Assert.That(File.Exists(stale), Is.False, "the next save deletes every expired image");
        using var served = await server.Http.GetAsync(fresh);
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task With_RequireKeyForMedia_media_needs_the_server_key()
    {
        await using var server = await ServerFixture.StartAsync(settings: ["--FluxImaging:Server:ApiKey=s3cret", "--FluxImaging:Server:RequireKeyForMedia=true"]);
        var url = await GenerateAsync(server, "keyed", key: "s3cret");

        using var anonymous = await server.Http.GetAsync(url);
        using var withKey = new HttpRequestMessage(HttpMethod.Get, url);
        withKey.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret");
        using var allowed = await server.Http.SendAsync(withKey);
        using var g4f = new HttpRequestMessage(HttpMethod.Head, url);
        g4f.Headers.Add("g4f-api-key", "s3cret");
        using var allowedHead = await server.Http.SendAsync(g4f);

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("invalid_api_key"));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(allowed.Headers.CacheControl!.Private, Is.True, "a keyed image is not for shared caches");
        Assert.That(allowedHead.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Without_RequireKeyForMedia_media_is_public_even_when_generation_needs_a_key()
    {
        await using var server = await ServerFixture.StartAsync(settings: ["--FluxImaging:Server:ApiKey=s3cret"]);
        var url = await GenerateAsync(server, "public", key: "s3cret");

        using var anonymous = await server.Http.GetAsync(url);

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task<string> GenerateAsync(ServerFixture server, string prompt, string? key = null, string size = "64x64")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Url("/v1/images/generations"))
        {
            Content = new StringContent($$"""{"model":"flux-schnell","prompt":"{{prompt}}","size":"{{size}}"}""", Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("data")[0].GetProperty("url").GetString()!;
    }
}
