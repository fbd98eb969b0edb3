namespace FluxImaging.Cli.Commands;

/// <summary>The models and aliases of the registered providers, one per line, as <c>models</c> and <c>generate --help</c> show them.</summary>
internal static class ModelListing
{
    public static void WriteRoutes(FluxImagingClient client, TextWriter output, string indent = "")
    {
        var routes = client.Models.OrderBy(r => r.IsAlias).ThenBy(r => r.Model, StringComparer.Ordinal).ToList();

        // Configured Spaces and endpoints bring names of any length; the columns stay aligned.
        var width = routes.Select(r => r.Model.Length).DefaultIfEmpty(0).Max();
        foreach (var route in routes)
        {
            output.WriteLine($"{indent}{route.Model.PadRight(width)} {(route.IsAlias ? "alias" : "model"),-6} {string.Join(" → ", route.Providers)}");
        }
    }
}
