namespace FluxImaging.Server.Api.Multipart;

/// <summary>A <c>multipart/form-data</c> body that cannot be split into parts; the message says what is wrong with it.</summary>
internal sealed class MultipartFormatException : Exception
{
    public MultipartFormatException()
    {
    }

    public MultipartFormatException(string message)
        : base(message)
    {
    }

    public MultipartFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
