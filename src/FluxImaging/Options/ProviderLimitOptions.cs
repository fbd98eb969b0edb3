namespace FluxImaging;

/// <summary>Per-provider overrides of <see cref="LimitOptions"/>; unset values use the shared ones.</summary>
public sealed class ProviderLimitOptions
{
    /// <summary>Overrides <see cref="LimitOptions.EventBytes"/>.</summary>
    public long? EventBytes { get; set; }

    /// <summary>Overrides <see cref="LimitOptions.JsonBytes"/>.</summary>
    public long? JsonBytes { get; set; }

    /// <summary>Overrides <see cref="LimitOptions.ImageBytes"/>.</summary>
    public long? ImageBytes { get; set; }

    /// <summary>Overrides <see cref="LimitOptions.ResponseBytes"/>.</summary>
    public long? ResponseBytes { get; set; }

    internal LimitOptions Over(LimitOptions shared) => new()
    {
        EventBytes = EventBytes ?? shared.EventBytes,
        JsonBytes = JsonBytes ?? shared.JsonBytes,
        ImageBytes = ImageBytes ?? shared.ImageBytes,
        ResponseBytes = ResponseBytes ?? shared.ResponseBytes,
    };
}
