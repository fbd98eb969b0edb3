namespace FluxImaging.Server.Api.Fields;

/// <summary>A field of a request body is missing, malformed or out of range: a 400 that names it.</summary>
internal sealed class RequestFieldException : Exception
{
    public RequestFieldException(string? field, string message, string? code = null)
        : base(message)
    {
        Field = field;
        Code = code;
    }

    public RequestFieldException()
    {
    }

    public RequestFieldException(string message)
        : base(message)
    {
    }

    public RequestFieldException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The field's name, the error's <c>param</c>; null when the body as a whole is at fault.</summary>
    public string? Field { get; }

    /// <summary>The error's <c>code</c>, if it has one.</summary>
    public string? Code { get; }
}
