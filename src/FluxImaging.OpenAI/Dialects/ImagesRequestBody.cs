using System.Buffers;
using System.Text.Json;
using FluxImaging.Providers;

namespace FluxImaging.OpenAI.Dialects;

/// <summary>
/// The JSON body of one <c>POST /v1/images/generations</c>: the fields a dialect writes, then the request's extras,
/// each extra only when it names a field nobody wrote yet (so an extra never duplicates or replaces one).
/// </summary>
internal sealed class ImagesRequestBody : IDisposable
{
    // What an extra may never set, written or not: the call's identity, its count and its answer's shape.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "model", "prompt", "n", "size", "response_format", "stream" };

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    public ImagesRequestBody()
    {
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartObject();
    }

    public void Write(string name, string value)
    {
        _written.Add(name);
        _writer.WriteString(name, value);
    }

    public void Write(string name, long value)
    {
        _written.Add(name);
        _writer.WriteNumber(name, value);
    }

    public void Write(string name, double value)
    {
        _written.Add(name);
        _writer.WriteNumber(name, value);
    }

    /// <summary>Writes the extras and closes the object.</summary>
    public byte[] Finish(IReadOnlyDictionary<string, object?> extras)
    {
        foreach (var (key, value) in extras)
        {
            if (!Reserved.Contains(key) && _written.Add(key))
            {
                _writer.WritePropertyName(key);
                ImageRequestJson.WriteValue(_writer, value);
            }
        }

        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => _writer.Dispose();
}
