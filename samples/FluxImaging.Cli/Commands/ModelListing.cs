using FluxImaging.Cli.Output;

namespace FluxImaging.Cli.Commands;

/// <summary>
/// The models and aliases of the registered providers, one per line, as <c>models</c> and <c>generate --help</c> show
/// them. Model names come from configuration, so they are printed as <see cref="PrintableText"/>.
/// </summary>
internal static class ModelListing
{
    public static void WriteRoutes(FluxImagingClient client, TextWriter output, string indent = "")
    {
        var routes = client.Models
            .OrderBy(r => r.IsAlias).ThenBy(r => r.Model, StringComparer.Ordinal)
            .Select(r => (Model: PrintableText.From(r.Model), Kind: r.IsAlias ? "alias" : "model", Providers: string.Join(" → ", r.Providers.Select(PrintableText.From))))
            .ToList();

        // Configured Spaces and endpoints bring names of any length; the columns stay aligned.
        var width = routes.Select(r => r.Model.Length).DefaultIfEmpty(0).Max();
        foreach (var (model, kind, providers) in routes)
        {
            output.WriteLine($"{indent}{model.PadRight(width)} {kind,-6} {providers}");
        }
    }
}
