namespace FluxImaging;

/// <summary>Whether a provider's models take input images (<see cref="ImageRequest.InputImages"/>).</summary>
public enum ImageInputSupport
{
    /// <summary>Text only: a request with an input image is not sent to this provider.</summary>
    None = 0,

    /// <summary>An input image is used when given (image-to-image), and not needed.</summary>
    Optional,

    /// <summary>An input image is needed (an editing model): a request without one is not sent to this provider.</summary>
    Required,
}
