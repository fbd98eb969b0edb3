using System.Security.Cryptography;
using System.Text;

namespace FluxImaging.Server.Safety;

/// <summary>
/// Checks the key a client presents (<c>Authorization: Bearer</c> or <c>g4f-api-key</c>) against the configured one in
/// constant time whatever the lengths: both sides are hashed to SHA-256 first, so the comparison always covers 32
/// bytes and neither the key's length nor its first wrong character shows in the time taken.
/// </summary>
internal sealed class ApiKeyCheck
{
    private readonly byte[]? _expected;

    public ApiKeyCheck(string? apiKey)
    {
        _expected = string.IsNullOrEmpty(apiKey) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
    }

    /// <summary>Whether a key is configured at all.</summary>
    public bool IsRequired => _expected is not null;

    /// <summary>True when no key is configured, or the request presents the configured one.</summary>
    public bool Allows(HttpRequest request) => _expected is null || Matches(Presented(request));

    /// <summary>True when <paramref name="presented"/> is the configured key (false when none is configured).</summary>
    public bool Matches(string? presented)
    {
        if (_expected is null || presented is null)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), actual);
        return CryptographicOperations.FixedTimeEquals(actual, _expected);
    }

    /// <summary>The key a request presents, or null.</summary>
    public static string? Presented(HttpRequest request)
    {
        var bearer = request.Headers.Authorization.ToString();
        if (bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return bearer[7..].Trim();
        }

        var header = request.Headers["g4f-api-key"].ToString();
        return header.Length > 0 ? header : null;
    }
}
