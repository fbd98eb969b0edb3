namespace FluxImaging.Server.Media;

/// <summary>
/// The server would not download an image: its host is not a public address, a redirect led somewhere it may not go,
/// or the URL is not http(s). <see cref="Exception.Message"/> is for clients and names no address; <see cref="Detail"/>
/// says exactly what was refused, for the server's own log.
/// </summary>
internal sealed class DownloadRefusedException : Exception
{
    public DownloadRefusedException(string message, string detail)
        : base(message)
    {
        Detail = detail;
    }

    public DownloadRefusedException()
        : this("The server refused to download the image.", "refused")
    {
    }

    public DownloadRefusedException(string message)
        : this(message, message)
    {
    }

    public DownloadRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Detail = message;
    }

    public string Detail { get; }
}
