using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Server.Tests.Support;

/// <summary>
/// An OpenAI-compatible images upstream that answers whatever image URL a test sets, and an image host that serves a
/// PNG, redirects and redirect loops. It listens on 127.0.0.1 and on 127.0.0.2 (another loopback address, so that a
/// redirect can cross from an allowed network to one that is not), records what every request carried, and can hold
/// generations open until released.
/// </summary>
internal sealed class HostileUpstream : IAsyncDisposable
{
    public const string Model = "hostile";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Seen> _seen = new();
    private readonly byte[] _png = PngImage.Render("hostile", 1, 8, 8);
    private TaskCompletionSource _release = Released();
    private readonly SemaphoreSlim _arrivals = new(0);

    private HostileUpstream(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The upstream on 127.0.0.1.</summary>
    public Uri Primary { get; private set; } = null!;

    /// <summary>The same routes on 127.0.0.2.</summary>
    public Uri Secondary { get; private set; } = null!;

    /// <summary>The image URL the next generations answer.</summary>
    public string ImageUrl { get; set; } = string.Empty;

    /// <summary>Every request, with the address it came in on.</summary>
    public IReadOnlyList<Seen> Requests => [.. _seen];

    /// <summary>The server settings that make this the <c>OpenAI</c> provider's endpoint, serving <see cref="Model"/>.</summary>
    public string[] ProviderSettings => [$"--FluxImaging:Providers:OpenAI:Endpoint={Primary}", $"--FluxImaging:Providers:OpenAI:Models:0={Model}", "--FluxImaging:Providers:OpenAI:ApiKey=upstream-secret"];

    public static async Task<HostileUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Emulator", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Parse("127.0.0.2"), 0);
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var upstream = new HostileUpstream(app);
        app.Use(async (context, next) =>
        {
            upstream._seen.Enqueue(new Seen(
                context.Connection.LocalIpAddress!.ToString(),
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await next(context);
        });
        app.UseRouting();
        app.MapPost("/v1/images/generations", (Delegate)upstream.GenerateAsync);
        app.MapGet("/image.png", () => Results.Bytes(upstream._png, PngImage.MediaType));
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapGet("/loop", () => Results.Redirect("/loop"));
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        upstream.Primary = addresses.Single(a => a.Host == "127.0.0.1");
        upstream.Secondary = addresses.Single(a => a.Host == "127.0.0.2");
        return upstream;
    }

    /// <summary>An address on <see cref="Primary"/> or <see cref="Secondary"/>.</summary>
    public static string On(Uri root, string pathAndQuery) => $"{root.AbsoluteUri.TrimEnd('/')}{pathAndQuery}";

    /// <summary>From now on generations wait until <see cref="Release"/>.</summary>
    public void Hold() => _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    /// <summary>Waits until <paramref name="count"/> more generations have arrived (each arrival is counted once).</summary>
    public async Task WaitForGenerationsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.That(await _arrivals.WaitAsync(TimeSpan.FromMinutes(1)), Is.True, $"only {i} of {count} generations reached the upstream");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrivals.Dispose();
    }

    private async Task<IResult> GenerateAsync(HttpContext context)
    {
        _arrivals.Release();
        await _release.Task.WaitAsync(context.RequestAborted);
        return Results.Json(new JsonObject { ["created"] = 1, ["data"] = new JsonArray(new JsonObject { ["url"] = ImageUrl }) });
    }

    private static TaskCompletionSource Released()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    /// <summary>One request: the local address it arrived on, method, path and query, headers.</summary>
    public sealed record Seen(string LocalAddress, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers);
}
