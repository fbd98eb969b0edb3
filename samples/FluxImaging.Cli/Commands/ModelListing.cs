namespace FluxImaging.Cli.Commands;

/// <summary>The models and aliases of the registered providers, one per line, as <c>models</c> and <c>generate --help</c> show them.</summary>
internal static class ModelListing
{
    public static void WriteRoutes(FluxImagingClient client, TextWriter output, string indent = "")
    {
        foreach (var route in client.Models.OrderBy(r => r.IsAlias).ThenBy(r => r.Model, StringComparer.Ordinal))
        {
            output.WriteLine($"{indent}{route.Model,-32} {(route.IsAlias ? "alias" : "model"),-6} {string.Join(" → ", route.Providers)}");
        }
    }
}
