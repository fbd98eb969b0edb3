using FluxImaging.Server.Api;
using FluxImaging.Server.Media;
using FluxImaging.Testing;
using Microsoft.Extensions.Options;

namespace FluxImaging.Server;

/// <summary>
/// Builds the server: FluxImaging with every provider from configuration, the OpenAI-compatible routes, and — with
/// <c>--offline</c> — the bundled emulators as every provider's upstream.
/// </summary>
internal static class ServerApplication
{
    public const string DefaultUrl = "http://localhost:1337";

    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var offline = args.Contains("--offline", StringComparer.Ordinal);
        var builder = WebApplication.CreateBuilder(args.Where(a => a != "--offline").ToArray());

        OfflineEmulators? emulators = null;
        if (offline)
        {
            emulators = await OfflineEmulators.StartAsync().ConfigureAwait(false);
            builder.Configuration.AddInMemoryCollection(emulators.Configuration);
            builder.Configuration.AddInMemoryCollection([new($"{ServerOptions.SectionName}:AllowPrivateNetworkDownloads", "true")]);
            builder.Services.AddSingleton(emulators);
            builder.Services.AddHostedService<EmulatorLifetime>();
        }

        // ASP.NET Core's usual --urls / ASPNETCORE_URLS win; otherwise gpt4free's port.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var fluxImaging = builder.Services.AddFluxImaging(builder.Configuration).AddBlackForestLabs().AddVoodoohop().AddImageLabs();
        if (builder.Configuration.GetSection("FluxImaging:Providers:OpenAI").Exists())
        {
            fluxImaging.AddOpenAICompatible();
        }

        builder.Services.AddOptions<ServerOptions>()
            .Bind(builder.Configuration.GetSection(ServerOptions.SectionName))
            .Validate(o => o.MaxImages is >= 1 and <= 10, $"{ServerOptions.SectionName}:MaxImages must be between 1 and 10.")
            .Validate(o => o.MaxDownloadBytes > 0 && o.DownloadTimeout > TimeSpan.Zero, $"{ServerOptions.SectionName}: download limits must be positive.")
            .Validate(o => o.PublicBaseUrl is null or { IsAbsoluteUri: true, Scheme: "http" or "https" }, $"{ServerOptions.SectionName}:PublicBaseUrl must be an absolute http(s) URL.")
            .Validate(o => o.DefaultPartialImages is >= 0 and <= 3, $"{ServerOptions.SectionName}:DefaultPartialImages must be between 0 and 3.")
            .ValidateOnStart();
        builder.Services.AddSingleton<MediaStore>();
        builder.Services.AddHttpClient<GuardedDownloader>(GuardedDownloader.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services => GuardedDownloader.CreateHandler(services.GetRequiredService<IOptions<ServerOptions>>()));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler(errors => errors.Run(context =>
        {
            // Never a stack trace: an OpenAI-shaped 500.
            var result = new ApiError(500, "The server failed unexpectedly.", "server_error", null).ToResult(context);
            return result.ExecuteAsync(context);
        }));
        ImagesEndpoints.Map(app);
        return app;
    }
}
