using System.Globalization;
using System.Text;

namespace FluxImaging.Pollinations;

/// <summary>The query of one image request: size, seed, model and flags, in the order the service's own examples use.</summary>
internal static class PollinationsQuery
{
    /// <summary>The smallest side sent.</summary>
    public const int MinSide = 64;

    private static readonly ImageSize DefaultSize = new(1024, 1024);

    /// <summary>The caller's size, else the aspect ratio's, else 1024×1024; each side clamped into 64 … <paramref name="maxSide"/>.</summary>
    public static ImageSize Size(ImageRequest request, int maxSide)
    {
        var size = request.ResolveSize(DefaultSize);
        return new ImageSize(Math.Clamp(size.Width, MinSide, maxSide), Math.Clamp(size.Height, MinSide, maxSide));
    }

    /// <summary>
    /// The query without its <c>?</c>. On the gateway a boolean flag is sent only when true, because it coerces the
    /// string <c>false</c> to true; the legacy service gets every flag spelled out.
    /// </summary>
    public static string Build(PollinationsOptions options, bool gateway, ImageSize size, long seed, ImageRequest request)
    {
        var query = new StringBuilder(192);
        Add(query, "width", size.Width.ToString(CultureInfo.InvariantCulture));
        Add(query, "height", size.Height.ToString(CultureInfo.InvariantCulture));
        Add(query, "seed", seed.ToString(CultureInfo.InvariantCulture));
        Add(query, "model", options.Model);
        Flag(query, gateway, "nologo", true);
        Flag(query, gateway, "private", options.Private);
        Flag(query, gateway, "enhance", options.Enhance);
        Flag(query, gateway, "safe", options.Safe);
        if (request.NegativePrompt is { } negative)
        {
            Add(query, "negative_prompt", negative);
        }

        if (request.GuidanceScale is { } guidance)
        {
            Add(query, "guidance_scale", guidance.ToString("R", CultureInfo.InvariantCulture));
        }

        if (options.Referrer is { } referrer)
        {
            Add(query, "referrer", referrer);
        }

        return query.ToString();
    }

    private static void Flag(StringBuilder query, bool gateway, string name, bool value)
    {
        if (value || !gateway)
        {
            Add(query, name, value ? "true" : "false");
        }
    }

    private static void Add(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(name).Append('=').Append(UriComponentEncoder.Encode(value));
    }
}
