namespace FluxImaging.Server.Api.Multipart;

/// <summary>
/// One part of a <c>multipart/form-data</c> body: its field name, the file name it was sent under (if any), the
/// <c>Content-Type</c> it declared (if any; never trusted for images), and its bytes — a slice of the body, not a copy.
/// </summary>
internal sealed record FormPart(string Name, string? FileName, string? ContentType, ReadOnlyMemory<byte> Content);
