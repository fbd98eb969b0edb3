using System.Collections.Frozen;

namespace FluxImaging;

/// <summary>
/// The aspect ratios FluxImaging understands and the size each stands for (the table the upstream services use:
/// <c>1:1</c> is 1024×1024, <c>16:9</c> is 1024×576, …).
/// </summary>
public static class AspectRatios
{
    private static readonly FrozenDictionary<string, ImageSize> Table = new Dictionary<string, ImageSize>
    {
        ["1:1"] = new(1024, 1024),
        ["16:9"] = new(1024, 576),
        ["9:16"] = new(576, 1024),
        ["4:3"] = new(1024, 768),
        ["3:4"] = new(768, 1024),
        ["3:2"] = new(1024, 682),
        ["2:3"] = new(682, 1024),
        ["21:9"] = new(1024, 440),
        ["9:21"] = new(440, 1024),
        ["4:5"] = new(832, 1040),
        ["5:4"] = new(1040, 832),
        ["2:1"] = new(1024, 512),
        ["1:2"] = new(512, 1024),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every known ratio, such as <c>1:1</c> and <c>16:9</c>.</summary>
    public static IReadOnlyCollection<string> Known => Table.Keys;

    /// <summary>The size a ratio stands for.</summary>
    /// <param name="aspectRatio">A ratio such as <c>16:9</c>.</param>
    /// <param name="size">The size, when the ratio is known.</param>
    /// <returns>True when the ratio is known.</returns>
    public static bool TryGetSize(string aspectRatio, out ImageSize size) => Table.TryGetValue(aspectRatio, out size);
}
