using System.Diagnostics.CodeAnalysis;
using System.Net;
using FluxImaging.Http;
using FluxImaging.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FluxImaging;

/// <summary>
/// Returned by <c>AddFluxImaging()</c>: providers are added to it with <see cref="AddProvider{TProvider, TOptions}(string, Action{TOptions})"/>,
/// the one registration call our own provider packages (<c>.AddBlackForestLabs()</c>, <c>.AddVoodoohop()</c>, …) use too.
/// </summary>
public sealed class FluxImagingBuilder
{
    private readonly List<ImageProviderRegistration> _providers = [];
    private readonly Dictionary<string, (Type Options, string Section)> _upstreams = new(StringComparer.OrdinalIgnoreCase);

    internal FluxImagingBuilder(IServiceCollection services, IConfiguration? configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    /// <summary>The service collection FluxImaging registers into.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The configuration given to <c>AddFluxImaging</c>, whose <c>FluxImaging</c> section options bind from; null when none.</summary>
    public IConfiguration? Configuration { get; }

    /// <summary>The providers registered on this builder so far, in registration order.</summary>
    public IReadOnlyList<ImageProviderRegistration> Providers => _providers;

    /// <summary>Changes the shared options in code (applied after configuration binding).</summary>
    /// <param name="configure">Changes to apply.</param>
    /// <returns>This builder.</returns>
    public FluxImagingBuilder Configure(Action<FluxImagingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>
    /// Registers a provider whose settings are the common ones (<see cref="ImageProviderOptions"/>: <c>Endpoint</c>,
    /// <c>Proxy</c>, <c>Timeouts</c>, <c>Limits</c>). Its name is <paramref name="name"/>, or the type's name without a
    /// <c>Provider</c> suffix. See <see cref="AddProvider{TProvider, TOptions}(string, Action{TOptions})"/>.
    /// </summary>
    /// <typeparam name="TProvider">The provider; its public constructor takes an <see cref="ImageProviderContext{TOptions}"/> of <see cref="ImageProviderOptions"/> and any registered services.</typeparam>
    /// <param name="name">The provider's name; null for the type's name.</param>
    /// <returns>This builder.</returns>
    public FluxImagingBuilder AddProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider>(string? name = null)
        where TProvider : class, IImageProvider
    {
        name ??= DefaultName(typeof(TProvider));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Register<TProvider, ImageProviderOptions>(name, ProviderSection(name), static (section, options) => section.Bind(options), configure: null);
    }

    /// <summary>
    /// Registers a provider named <paramref name="name"/>: its options bound from <c>FluxImaging:Providers:{name}</c>
    /// (then <paramref name="configure"/>) and validated at start; its named <see cref="HttpClient"/> with its proxy,
    /// resilience pipeline, redirect policy and response guards; its <see cref="ImageProviderContext{TOptions}"/>; and
    /// the provider itself, created once with that context. Calling it again for the same name only applies
    /// <paramref name="configure"/>.
    /// </summary>
    /// <typeparam name="TProvider">The provider; its public constructor takes an <see cref="ImageProviderContext{TOptions}"/> and any registered services.</typeparam>
    /// <typeparam name="TOptions">The provider's options.</typeparam>
    /// <param name="name">The provider's name, used in configuration, routing, errors and telemetry; the provider's <see cref="IImageProvider.Name"/> must return it.</param>
    /// <param name="configure">Changes to the options after configuration binding; optional.</param>
    /// <returns>This builder.</returns>
    /// <remarks>
    /// The options bind by reflection, which trimming and Native AOT cannot check; a package that must be trim- and
    /// AOT-safe uses <see cref="AddProvider{TProvider, TOptions}(string, string, Action{IConfigurationSection, TOptions}, Action{TOptions})"/>.
    /// </remarks>
    [RequiresUnreferencedCode(ReflectionBindingMessage)]
    [RequiresDynamicCode(ReflectionBindingMessage)]
    public FluxImagingBuilder AddProvider<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(string name, Action<TOptions>? configure = null)
        where TProvider : class, IImageProvider
        where TOptions : ImageProviderOptions, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return AddProvider<TProvider, TOptions>(name, ProviderSection(name), configure);
    }

    /// <summary>
    /// Registers a provider whose options bind from <paramref name="configurationSection"/> instead of
    /// <c>FluxImaging:Providers:{name}</c> (for providers configured elsewhere, such as <c>FluxImaging:Spaces:{name}</c>).
    /// See <see cref="AddProvider{TProvider, TOptions}(string, Action{TOptions})"/>.
    /// </summary>
    /// <typeparam name="TProvider">The provider.</typeparam>
    /// <typeparam name="TOptions">The provider's options.</typeparam>
    /// <param name="name">The provider's name.</param>
    /// <param name="configurationSection">The configuration section its options bind from (a path from the root).</param>
    /// <param name="configure">Changes to the options after configuration binding; optional.</param>
    /// <returns>This builder.</returns>
    /// <remarks>
    /// The options bind by reflection, which trimming and Native AOT cannot check; a package that must be trim- and
    /// AOT-safe uses <see cref="AddProvider{TProvider, TOptions}(string, string, Action{IConfigurationSection, TOptions}, Action{TOptions})"/>.
    /// </remarks>
    [RequiresUnreferencedCode(ReflectionBindingMessage)]
    [RequiresDynamicCode(ReflectionBindingMessage)]
    public FluxImagingBuilder AddProvider<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(string name, string configurationSection, Action<TOptions>? configure = null)
        where TProvider : class, IImageProvider
        where TOptions : ImageProviderOptions, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(configurationSection);
        return Register<TProvider, TOptions>(name, configurationSection, BindByReflection, configure);
    }

    /// <summary>
    /// Registers a provider whose options bind from <paramref name="configurationSection"/> through
    /// <paramref name="bind"/>, the way a trim- and AOT-safe package does: with the configuration-binding source
    /// generator enabled (<c>EnableConfigurationBindingGenerator</c>), <c>static (section, options) =&gt; section.Bind(options)</c>
    /// binds the concrete options type with generated code instead of reflection. Otherwise as
    /// <see cref="AddProvider{TProvider, TOptions}(string, Action{TOptions})"/>; configuration changes still reload the options.
    /// </summary>
    /// <typeparam name="TProvider">The provider.</typeparam>
    /// <typeparam name="TOptions">The provider's options.</typeparam>
    /// <param name="name">The provider's name.</param>
    /// <param name="configurationSection">The configuration section its options bind from (a path from the root), e.g. <c>FluxImaging:Providers:{name}</c>.</param>
    /// <param name="bind">Binds the section to the options; called each time the options are built.</param>
    /// <param name="configure">Changes to the options after configuration binding; optional.</param>
    /// <returns>This builder.</returns>
    public FluxImagingBuilder AddProvider<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        string name,
        string configurationSection,
        Action<IConfigurationSection, TOptions> bind,
        Action<TOptions>? configure = null)
        where TProvider : class, IImageProvider
        where TOptions : ImageProviderOptions, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(configurationSection);
        ArgumentNullException.ThrowIfNull(bind);
        return Register<TProvider, TOptions>(name, configurationSection, bind, configure);
    }

    private FluxImagingBuilder Register<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        string name,
        string configurationSection,
        Action<IConfigurationSection, TOptions> bind,
        Action<TOptions>? configure)
        where TProvider : class, IImageProvider
        where TOptions : ImageProviderOptions, new()
    {
        if (ProviderNamed(name) is { } existing)
        {
            // Two providers under one name would silently shadow each other in routing, configuration and telemetry.
            if (existing.ProviderType != typeof(TProvider) || existing.OptionsType != typeof(TOptions) || existing.ConfigurationSection != configurationSection)
            {
                throw new InvalidOperationException(
                    $"A provider named '{existing.Name}' is already registered ({existing.ProviderType.Name}, {existing.ConfigurationSection}); '{name}' cannot also name a {typeof(TProvider).Name}. Give it another name.");
            }

            if (configure is not null)
            {
                Services.Configure(name, configure);
            }

            return this;
        }

        if (_upstreams.TryGetValue(name, out var upstream))
        {
            throw new InvalidOperationException($"'{name}' already names an upstream ({upstream.Section}); a provider needs a name of its own.");
        }

        var registration = new ImageProviderRegistration(name, typeof(TProvider), typeof(TOptions), configurationSection, DefaultEndpoints<TOptions>());
        _providers.Add(registration);
        Services.AddSingleton(registration);
        RegisterUpstream(name, configurationSection, bind, configure);
        Services.AddKeyedSingleton(name, (sp, _) =>
        {
            var provider = ActivatorUtilities.CreateInstance<TProvider>(sp, sp.GetRequiredKeyedService<ImageProviderContext<TOptions>>(name));
            return string.Equals(provider.Name, name, StringComparison.Ordinal)
                ? provider
                : throw new InvalidOperationException($"The provider registered as '{name}' ({typeof(TProvider).Name}) calls itself '{provider.Name}'; its Name must return the registered name (ImageProviderContext.Name).");
        });
        Services.AddSingleton<IImageProvider>(sp => sp.GetRequiredKeyedService<TProvider>(name));
        return this;
    }

    /// <summary>
    /// Registers a named upstream that is not an image provider: a service that an application or a provider talks to
    /// directly, such as a Gradio app through <c>GradioClient</c>. It gets what a provider gets — options bound from
    /// <paramref name="configurationSection"/> through <paramref name="bind"/> and checked at start-up, and its own HTTP
    /// pipeline (proxy, retries within a budget, per-attempt timeout, redirects kept within the origin, every body
    /// bounded and idle-timed) — as an <see cref="ImageProviderContext{TOptions}"/> resolved by that name
    /// (<c>[FromKeyedServices(name)]</c>), but takes no part in routing. <see cref="ConfigureHttpClient"/> adds to its
    /// pipeline as to a provider's.
    /// </summary>
    /// <typeparam name="TOptions">The upstream's options.</typeparam>
    /// <param name="name">Its name, which errors and logs carry; distinct from every provider's.</param>
    /// <param name="configurationSection">The configuration section its options bind from (a path from the root).</param>
    /// <param name="bind">Binds the section to the options, e.g. <c>static (section, options) =&gt; section.Bind(options)</c> with the configuration-binding source generator enabled.</param>
    /// <param name="configure">Changes to the options after configuration binding; optional.</param>
    /// <returns>This builder.</returns>
    public FluxImagingBuilder AddUpstream<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        string name,
        string configurationSection,
        Action<IConfigurationSection, TOptions> bind,
        Action<TOptions>? configure = null)
        where TOptions : ImageProviderOptions, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(configurationSection);
        ArgumentNullException.ThrowIfNull(bind);
        if (ProviderNamed(name) is { } provider)
        {
            throw new InvalidOperationException($"'{name}' already names a provider ({provider.ProviderType.Name}, {provider.ConfigurationSection}); an upstream needs a name of its own.");
        }

        if (_upstreams.TryGetValue(name, out var existing))
        {
            if (existing.Options != typeof(TOptions) || existing.Section != configurationSection)
            {
                throw new InvalidOperationException($"An upstream named '{name}' is already registered ({existing.Options.Name}, {existing.Section}). Give it another name.");
            }

            if (configure is not null)
            {
                Services.Configure(name, configure);
            }

            return this;
        }

        _upstreams.Add(name, (typeof(TOptions), configurationSection));
        RegisterUpstream(name, configurationSection, bind, configure);
        return this;
    }

    /// <summary>Whether <paramref name="name"/> names a provider or an upstream registered on this builder.</summary>
    /// <param name="name">A name.</param>
    /// <returns>True when it is taken.</returns>
    public bool IsRegistered(string name) =>
        _upstreams.ContainsKey(name) || ProviderNamed(name) is not null;

    private ImageProviderRegistration? ProviderNamed(string name) =>
        _providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    // Options, validation, HTTP helpers, the resilience pipeline, the named HttpClient and the context: what a provider
    // and an upstream share.
    private void RegisterUpstream<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        string name,
        string configurationSection,
        Action<IConfigurationSection, TOptions> bind,
        Action<TOptions>? configure)
        where TOptions : ImageProviderOptions, new()
    {

        var options = Services.AddOptions<TOptions>(name);
        if (Configuration is not null)
        {
            // What OptionsBuilder.Bind registers, with the binding itself left to the caller (generated code or reflection).
            var section = Configuration.GetSection(configurationSection);
            options.Configure(o => bind(section, o));
            Services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(new ConfigurationChangeTokenSource<TOptions>(name, section));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        Services.AddSingleton<IValidateOptions<TOptions>>(new ImageProviderOptionsValidator<TOptions>(name, configurationSection));

        // The provider's HTTP helpers hold its effective timeouts, limits and clock; its pipeline and guards use the same.
        var clientName = HttpClientName(name);
        Services.AddKeyedSingleton(name, (sp, _) =>
        {
            var shared = sp.GetRequiredService<IOptions<FluxImagingOptions>>().Value;
            var own = sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name);
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new UpstreamHttp(name, () => factory.CreateClient(clientName), own.Timeouts.Over(shared.Timeouts), own.Limits.Over(shared.Limits), sp.GetRequiredService<TimeProvider>());
        });
        Services.AddKeyedSingleton(name, (sp, _) =>
        {
            var http = sp.GetRequiredKeyedService<UpstreamHttp>(name);
            var shared = sp.GetRequiredService<IOptions<FluxImagingOptions>>().Value.Retry;
            var retry = sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name).Retry.Over(shared);
            return ProviderPipeline.Create(name, retry, http.Timeouts, http.TimeProvider, Logger(sp, name));
        });

        Services.AddHttpClient(clientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => CreatePrimaryHandler(sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name).Proxy))
            .AddHttpMessageHandler(_ => new RedirectHandler(name))
            .AddHttpMessageHandler(sp => new ResilienceHandler(sp.GetRequiredKeyedService<ProviderPipeline>(name)))
            .AddHttpMessageHandler(sp =>
            {
                var http = sp.GetRequiredKeyedService<UpstreamHttp>(name);
                return new ResponseGuardHandler(name, http.Timeouts, http.Limits, http.TimeProvider);
            })
            .RedactLoggedHeaders(static _ => true);

        Services.AddKeyedSingleton(name, (sp, _) => new ImageProviderContext<TOptions>(
            sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name),
            sp.GetRequiredKeyedService<UpstreamHttp>(name),
            Logger(sp, name)));
    }

    /// <summary>
    /// Adds to a provider's HTTP pipeline, e.g. a <see cref="DelegatingHandler"/> that signs requests or logs them.
    /// Handlers added here run inside the retries, once per attempt and per redirect hop, after the provider's own.
    /// </summary>
    /// <param name="providerName">The provider's name.</param>
    /// <param name="configure">Changes to the provider's named <see cref="HttpClient"/>.</param>
    /// <returns>This builder.</returns>
    public FluxImagingBuilder ConfigureHttpClient(string providerName, Action<IHttpClientBuilder> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        ArgumentNullException.ThrowIfNull(configure);
        configure(Services.AddHttpClient(HttpClientName(providerName)));
        return this;
    }

    /// <summary>
    /// Records a problem found in configuration while registering providers from it (a section whose name cannot be a
    /// provider name, a name already taken), so that start-up validation fails with every such problem, each naming its
    /// key, as it does for invalid option values — instead of registration throwing at the first one.
    /// </summary>
    /// <param name="key">The configuration key at fault, e.g. <c>FluxImaging:Spaces:my space</c>.</param>
    /// <param name="problem">What is wrong and what to do, e.g. <c>a Space's name becomes a provider name; use letters, digits, '.', '_' and '-'.</c></param>
    /// <returns>This builder.</returns>
    public FluxImagingBuilder AddConfigurationProblem(string key, string problem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(problem);
        Services.AddOptions<FluxImagingOptions>().ValidateOnStart();
        Services.AddSingleton<IValidateOptions<FluxImagingOptions>>(new ConfigurationProblem($"{key}: {problem}"));
        return this;
    }

    internal static string HttpClientName(string provider) => $"FluxImaging.{provider}";

    private const string ReflectionBindingMessage =
        "Binds TOptions from configuration by reflection, which cannot keep the members of the types TOptions refers to nor create their generic collections ahead of time. "
        + "Use the overload that takes a bind delegate, with the configuration-binding source generator enabled.";

    [RequiresUnreferencedCode(ReflectionBindingMessage)]
    [RequiresDynamicCode(ReflectionBindingMessage)]
    private static void BindByReflection<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(IConfigurationSection section, TOptions options)
        where TOptions : class =>
        // The reflection binder that OptionsBuilder.Bind uses, called as a type the binding source generator leaves
        // alone: it cannot bind a type parameter (SYSLIB1104), and the overloads that come here say so to their callers.
        new ConfigureFromConfigurationOptions<TOptions>(section).Configure(options);

    private static string ProviderSection(string name) => $"{FluxImagingOptions.SectionName}:Providers:{name}";

    private static ILogger Logger(IServiceProvider services, string name) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger($"FluxImaging.Providers.{name}");

    private static string DefaultName(Type providerType) =>
        providerType.Name.EndsWith("Provider", StringComparison.Ordinal) && providerType.Name.Length > "Provider".Length
            ? providerType.Name[..^"Provider".Length]
            : providerType.Name;

    private static Dictionary<string, Uri> DefaultEndpoints<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>()
        where TOptions : ImageProviderOptions, new()
    {
        var defaults = new TOptions();
        var endpoints = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var property in typeof(TOptions).GetProperties())
        {
            if (property.PropertyType == typeof(Uri) && property.GetIndexParameters().Length == 0 && property.GetValue(defaults) is Uri { IsAbsoluteUri: true } uri)
            {
                endpoints[property.Name] = uri;
            }
        }

        return endpoints;
    }

    private static SocketsHttpHandler CreatePrimaryHandler(Uri? proxy)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,

            // Redirects are followed by RedirectHandler, which keeps credentials on their host.
            AllowAutoRedirect = false,
        };
        if (proxy is not null)
        {
            handler.Proxy = new WebProxy(proxy);
            handler.UseProxy = true;
        }

        return handler;
    }
}
