using FluxImaging.Gradio;
using FluxImaging.Samples.Logging;
using FluxImaging.Server.Api;
using FluxImaging.Server.Health;
using FluxImaging.Server.Media;
using FluxImaging.Server.RateLimiting;
using FluxImaging.Server.Safety;
using FluxImaging.Testing;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace FluxImaging.Server;

/// <summary>
/// Builds the server: FluxImaging with every provider from configuration, the OpenAI-compatible routes with their
/// limits, health checks and an OpenAPI document, and — with <c>--offline</c> — the bundled emulators as every
/// provider's upstream.
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
            builder.Configuration.AddInMemoryCollection([new($"{ServerOptions.SectionName}:AllowPrivateNetworkDownloads", "true")]);
            builder.Services.AddSingleton(emulators);
            builder.Services.AddHostedService<EmulatorLifetime>();
        }

        // ASP.NET Core's usual --urls / ASPNETCORE_URLS win; otherwise gpt4free's port.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Text that clients and upstreams wrote reaches the console escaped, unless another format was chosen.
        if (string.IsNullOrEmpty(builder.Configuration["Logging:Console:FormatterName"]))
        {
            builder.Logging.AddConsole(console => console.FormatterName = EscapingConsoleFormatter.FormatterName)
                .AddConsoleFormatter<EscapingConsoleFormatter, ConsoleFormatterOptions>();
        }

        var fluxImaging = builder.Services.AddFluxImaging(builder.Configuration)
            .AddBlackForestLabs()
            .AddVoodoohop()
            .AddImageLabs()
            .AddPollinations();
        if (emulators is not null)
        {
            // Offline, only providers whose public services the bundle emulates (OpenAI's API is one): a Space or
            // endpoint of the user's own would reach the network.
            foreach (var preset in GradioSpacePresets.Names)
            {
                fluxImaging.AddGradioSpace(preset);
            }

            fluxImaging.AddOpenAICompatible();

            // The offline bundle points every registered provider's public services at its emulators.
            builder.Configuration.AddInMemoryCollection(emulators.ConfigurationFor(fluxImaging.Providers.Select(p => (p.ConfigurationSection, p.DefaultEndpoints))));
        }
        else
        {
            fluxImaging.AddGradioSpaces();

            // The OpenAI provider itself only when it is configured: a section holding nothing but named instances would
            // otherwise register it against api.openai.com without a key.
            if (builder.Configuration.GetSection("FluxImaging:Providers:OpenAI").GetChildren().Any(c => !string.Equals(c.Key, "Instances", StringComparison.OrdinalIgnoreCase)))
            {
                fluxImaging.AddOpenAICompatible();
            }

            fluxImaging.AddOpenAICompatibleInstances();
        }

        AddServer(builder.Services, builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        Use(app);
        return app;
    }

    private static void AddServer(IServiceCollection services, ConfigurationManager configuration)
    {
        const string Section = ServerOptions.SectionName;
        services.AddOptions<ServerOptions>()
            .Bind(configuration.GetSection(Section))
            .Validate(o => o.MaxImages is >= 1 and <= 10, $"{Section}:MaxImages must be between 1 and 10.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DefaultEditModel), $"{Section}:DefaultEditModel must name a model.")
            .Validate(o => o.MaxDownloadBytes > 0 && o.DownloadTimeout > TimeSpan.Zero && o.MaxDownloadRedirects >= 0, $"{Section}: download limits must be positive.")
            .Validate(o => o.PublicBaseUrl is null or { IsAbsoluteUri: true, Scheme: "http" or "https" }, $"{Section}:PublicBaseUrl must be an absolute http(s) URL.")
            .Validate(o => o.DefaultPartialImages is >= 0 and <= 3, $"{Section}:DefaultPartialImages must be between 0 and 3.")
            .Validate(o => o.MaxRequestBodyBytes is > 0 and < int.MaxValue && o.MaxPromptLength > 0 && o.MaxEchoedValueLength > 0, $"{Section}: MaxRequestBodyBytes (below 2 GiB), MaxPromptLength and MaxEchoedValueLength must be positive.")
            .Validate(o => o.MinRequestBodyBytesPerSecond > 0 && o.RequestBodyGracePeriod > TimeSpan.Zero, $"{Section}: MinRequestBodyBytesPerSecond and RequestBodyGracePeriod must be positive.")
            .Validate(o => o.MaxConcurrentGenerations > 0 && o.MaxConcurrentGenerationsPerClient > 0 && o.RateLimitRetryAfter > TimeSpan.Zero, $"{Section}: the concurrency limits and RateLimitRetryAfter must be positive.")
            .Validate(o => o.MediaMaxBytes > 0 && o.MediaMaxAge > TimeSpan.Zero, $"{Section}: MediaMaxBytes and MediaMaxAge must be positive.")
            .Validate(o => !o.RequireKeyForMedia || !string.IsNullOrEmpty(o.ApiKey), $"{Section}:RequireKeyForMedia needs {Section}:ApiKey.")
            .Validate(ForwardedHeadersTrust.IsValid, $"{Section}: KnownProxies must be IP addresses; KnownNetworks and DownloadAllowedNetworks must be CIDR networks (10.0.0.0/8).")
            .ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerOptions>>((kestrel, server) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = server.Value.MaxRequestBodyBytes;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(server.Value.MinRequestBodyBytesPerSecond, server.Value.RequestBodyGracePeriod);
        });

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new ApiKeyCheck(provider.GetRequiredService<IOptions<ServerOptions>>().Value.ApiKey));
        services.AddSingleton<EchoLimits>();
        services.AddSingleton<MediaStore>();
        services.AddHttpClient<GuardedDownloader>(GuardedDownloader.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => GuardedDownloader.CreateHandler(provider.GetRequiredService<IOptions<ServerOptions>>()));

        services.AddForwardedHeadersTrust();
        services.AddGenerationRateLimits();
        services.AddServerHealthChecks();
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "FluxImaging server";
            document.Info.Description = "An OpenAI-compatible images API (POST /v1/images/generations and /v1/images/edits) backed by FluxImaging. Errors on /v1 have OpenAI's shape {\"error\":{\"message\",\"type\",\"param\",\"code\"}}.";
            return Task.CompletedTask;
        }));
    }

    private static void Use(WebApplication app)
    {
        var limits = app.Services.GetRequiredService<IOptions<ServerOptions>>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Never a stack trace to a client: an OpenAI-shaped error. Kestrel's verdicts on a body keep their status and
            // are not logged as failures of the server.
            ExceptionHandler = context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error is Microsoft.AspNetCore.Http.BadHttpRequestException bad
                    ? ApiError.From(bad, limits.Value.MaxRequestBodyBytes)
                    : ApiError.Unexpected();
                return error.WriteAsync(context);
            },
            SuppressDiagnosticsCallback = context => context.Exception is Microsoft.AspNetCore.Http.BadHttpRequestException,
        });
        app.UseForwardedHeadersTrust();

        // Routing's own 404 and 405 answers are empty: give them OpenAI's shape too.
        app.UseStatusCodePages(context =>
        {
            var echo = context.HttpContext.RequestServices.GetRequiredService<EchoLimits>();
            var request = context.HttpContext.Request;
            var status = context.HttpContext.Response.StatusCode;
            var message = status switch
            {
                404 => $"No route {request.Method} {echo.Value(request.Path.Value)}.",
                405 => $"{request.Method} is not allowed on {echo.Value(request.Path.Value)}.",
                _ => $"The request failed with HTTP {status}.",
            };
            return new ApiError(status, message, status >= 500 ? "server_error" : "invalid_request_error", status == 404 ? "not_found" : null).WriteAsync(context.HttpContext);
        });
        app.UseRouting();
        app.UseRateLimiter();

        ImagesEndpoints.Map(app);
        MediaEndpoints.Map(app);
        ServerHealthChecks.Map(app);
        app.MapOpenApi();
    }
}
