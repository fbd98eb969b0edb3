using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace FluxImaging.Server.Safety;

/// <summary>
/// Believes <c>X-Forwarded-For/-Proto/-Host/-Prefix</c> only from the configured reverse proxies
/// (<see cref="ServerOptions.KnownProxies"/>, <see cref="ServerOptions.KnownNetworks"/>), through ASP.NET Core's
/// forwarded-headers middleware. ASP.NET Core trusts loopback by default, and trusts everyone when both lists are
/// empty; here both defaults are cleared, and with nothing configured the middleware is told to process no header at
/// all, so a request from 127.0.0.1 with <c>X-Forwarded-Host</c> changes nothing. A forwarded scheme other than http or
/// https is undone; the middleware itself ignores a host that is not a valid host.
/// </summary>
internal static class ForwardedHeadersTrust
{
    public static IServiceCollection AddForwardedHeadersTrust(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ServerOptions>>((forwarded, server) =>
        {
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in server.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in server.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            var trusted = forwarded.KnownProxies.Count + forwarded.KnownIPNetworks.Count > 0;
            forwarded.ForwardedHeaders = trusted
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix
                : ForwardedHeaders.None;
        });
        return services;
    }

    public static IApplicationBuilder UseForwardedHeadersTrust(this IApplicationBuilder app)
    {
        app.UseForwardedHeaders();
        return app.Use((context, next) =>
        {
            if (context.Request.Scheme is not ("http" or "https"))
            {
                // A trusted proxy said something no URL of ours can start with: keep the connection's own scheme.
                context.Request.Scheme = context.Features.Get<ITlsHandshakeFeature>() is null ? "http" : "https";
            }

            return next(context);
        });
    }

    /// <summary>Whether every configured proxy and network parses; checked at start-up.</summary>
    public static bool IsValid(ServerOptions options) =>
        options.KnownProxies.All(p => IPAddress.TryParse(p, out _))
        && options.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _))
        && options.DownloadAllowedNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _));
}
