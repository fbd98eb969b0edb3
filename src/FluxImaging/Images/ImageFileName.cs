using System.Security.Cryptography;
using System.Text;

namespace FluxImaging.Images;

/// <summary>
/// Builds file names for saved images. An upstream-supplied name only contributes a short, filtered stem, so a hostile
/// name (<c>../../etc/passwd</c>, <c>C:\x</c>, control characters) can never choose where a file lands.
/// </summary>
internal static class ImageFileName
{
    private const int MaxStemLength = 40;

    /// <summary>A fresh name such as <c>image-20261121-135300-1a2b3c4d.png</c>.</summary>
    public static string Create(string? hint, string extension, DateTimeOffset now)
    {
        var stem = Stem(hint);
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return $"{stem}-{now.UtcDateTime:yyyyMMdd-HHmmss}-{random}{extension}";
    }

    /// <summary>The full path of <paramref name="fileName"/> inside <paramref name="directory"/>; throws if it would leave it.</summary>
    public static string PathInside(string directory, string fileName)
    {
        var root = Path.GetFullPath(directory);
        var full = Path.GetFullPath(Path.Combine(root, fileName));
        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal) || !string.Equals(Path.GetDirectoryName(full), Path.TrimEndingDirectorySeparator(root), StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The generated file name would leave the target directory.");
        }

        return full;
    }

    private static string Stem(string? hint)
    {
        if (string.IsNullOrWhiteSpace(hint))
        {
            return "image";
        }

        // Only the last segment of either separator style counts, and only its part before the extension.
        var last = hint[(hint.LastIndexOfAny(['/', '\\']) + 1)..];
        var dot = last.LastIndexOf('.');
        if (dot > 0)
        {
            last = last[..dot];
        }

        var builder = new StringBuilder(Math.Min(last.Length, MaxStemLength));
        foreach (var c in last)
        {
            if (builder.Length == MaxStemLength)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var stem = builder.ToString().Trim('-', '_');
        return stem.Length == 0 ? "image" : stem;
    }
}
