using FluxImaging.Testing;
using FluxImaging.Testing.Imaging;
using FluxImaging.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Tests.Loopback;

/// <summary>
/// Redirects over real sockets: an API call follows them only within its origin (headers and all), never to another
/// host; an image download follows them anywhere, hop by hop, and host-scoped credentials stay on their host.
/// </summary>
[TestFixture]
public sealed class RedirectTests
{
    private const string Secret = "X-Test-Secret";
    private static readonly byte[] Png = PngImage.Render("redirected", 3, 16, 16);

    private EmulatorHost _home = null!;
    private EmulatorHost _elsewhere = null!;
    private ServiceProvider _services = null!;

    private FluxImagingClient Client => _services.GetRequiredService<FluxImagingClient>();

    [SetUp]
    public async Task SetUp()
    {
        _elsewhere = await EmulatorHost.StartAsync(routes => routes.MapGet("/image", (HttpContext c) => Results.Bytes(Png, "image/png")));
        _home = await EmulatorHost.StartAsync(routes =>
        {
            routes.MapGet("/image", (HttpContext c) => Results.Bytes(Png, "image/png"));
            routes.MapGet("/moved", (HttpContext c) => Results.Redirect($"{_home.BaseAddress}image?prompt={c.Request.Query["prompt"]}", preserveMethod: true));
            routes.MapGet("/away", (HttpContext c) => Results.Redirect($"{_elsewhere.BaseAddress}image", preserveMethod: true));
            routes.MapGet("/file", (HttpContext c) => Results.Redirect($"{_elsewhere.BaseAddress}image"));
        });

        var services = new ServiceCollection();
        services.AddFluxImaging()
            .Configure(o => o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1))
            .AddProvider<LoopbackProvider, LoopbackOptions>(LoopbackProvider.ProviderName, o => o.Endpoint = _home.BaseAddress)
            .ConfigureHttpClient(LoopbackProvider.ProviderName, http => http.AddHttpMessageHandler(() => new HomeOnlySecretHandler(_home.BaseAddress)));
        _services = services.BuildServiceProvider();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _home.DisposeAsync();
        await _elsewhere.DisposeAsync();
    }

    [Test]
    public async Task A_redirect_within_the_origin_is_followed_with_the_requests_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_home.BaseAddress, "/moved?prompt=x"));
        request.Headers.TryAddWithoutValidation("x-zerogpu-token", "token-for-home");

        using var response = await Http.SendAsync(request);

        Assert.That(response.IsSuccessStatusCode, Is.True);
        Assert.That(_home.Requests[^1].Header("x-zerogpu-token"), Is.EqualTo("token-for-home"));
    }

    [TestCase("Authorization", "Bearer sk-secret")]
    [TestCase("x-zerogpu-token", "eyJ.jwt.token")]
    [TestCase("X-HF-Authorization", "Bearer hf_secret")]
    [TestCase("g4f-api-key", "g4f-secret")]
    [TestCase("Cookie", "session=secret")]
    public void An_API_call_redirected_to_another_host_fails_and_sends_it_nothing(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_home.BaseAddress, "/away"));
        request.Headers.TryAddWithoutValidation(header, value);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Http.SendAsync(request));

        Assert.That((error!.Kind, error.Status), Is.EqualTo((FluxImagingErrorKind.ProtocolViolation, 307)));
        Assert.That(error.Message, Does.Contain(_elsewhere.BaseAddress.Authority));
        Assert.That(_elsewhere.Requests, Is.Empty);
    }

    [Test]
    public async Task An_image_download_follows_a_redirect_to_another_host_without_the_providers_credentials()
    {
        var image = Http.Image(new Uri(_home.BaseAddress, "/file"));

        var bytes = await image.ReadAllBytesAsync();

        Assert.That(bytes.ToArray(), Is.EqualTo(Png));
        Assert.That(_home.Requests.Single(r => r.Path == "/file").Header(Secret), Is.EqualTo("home-only"), "the scoped credential reaches its own host");
        Assert.That(_elsewhere.Requests.Single().Header(Secret), Is.Null);
        Assert.That(_elsewhere.Requests.Single().Header("Authorization"), Is.Null);
    }

    [Test]
    public async Task A_download_redirected_to_a_non_http_scheme_is_a_protocol_error()
    {
        await using var host = await EmulatorHost.StartAsync(routes => routes.MapGet("/file", () => Results.Redirect("file:///etc/passwd")));
        var image = Http.Image(new Uri(host.BaseAddress, "/file"));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => image.ReadAllBytesAsync());

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
        Assert.That(error.Message, Does.Contain("file:"));
    }

    private Providers.UpstreamHttp Http => _services.GetRequiredKeyedService<Providers.UpstreamHttp>(LoopbackProvider.ProviderName);

    /// <summary>Adds a credential only to requests for one origin, as a provider's scoped credential handler does.</summary>
    private sealed class HomeOnlySecretHandler(Uri home) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri && uri.Authority == home.Authority)
            {
                request.Headers.TryAddWithoutValidation(Secret, "home-only");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
