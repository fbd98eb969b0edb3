using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FluxImaging.Server.Media;

/// <summary>
/// Keeps fetched images on disk and serves them at <c>/media/{name}</c>. Names are generated here
/// (<c>{unix time}_{prompt slug}_{hash}{ext}</c>); a requested name is accepted only if it has that safe shape.
/// </summary>
internal sealed partial class MediaStore(IOptions<ServerOptions> options)
{
    private readonly string _folder = Path.GetFullPath(options.Value.MediaFolder);

    public string Folder => _folder;

    /// <summary>Writes an image (via a temporary file, so a reader never sees half of it) and returns its name.</summary>
    public async Task<string> SaveAsync(byte[] bytes, string extension, string prompt, string? source, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        var hash = Convert.ToHexStringLower(SHA256.HashData(source is null ? bytes : Encoding.UTF8.GetBytes(source)))[..16];
        var name = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}_{Slug(prompt)}_{hash}{extension}";
        var path = Path.Combine(_folder, name);
        var temporary = path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        return name;
    }

    /// <summary>The file for a requested name, or null when the name is not one we could have made or does not exist.</summary>
    public FileInfo? Find(string name)
    {
        if (!SafeName().IsMatch(name))
        {
            return null;
        }

        var file = new FileInfo(Path.Combine(_folder, name));
        return file.Exists && string.Equals(file.DirectoryName, _folder, StringComparison.Ordinal) ? file : null;
    }

    public static string ContentType(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        _ => "application/octet-stream",
    };

    private static string Slug(string prompt)
    {
        var slug = SlugRegex().Replace(prompt.ToLowerInvariant(), "_").Trim('_');
        return slug.Length == 0 ? "image" : slug[..Math.Min(slug.Length, 40)].TrimEnd('_');
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugRegex();

    [GeneratedRegex(@"^[0-9]{1,12}_[a-z0-9_]{1,40}_[0-9a-f]{16}\.(png|jpg|webp|gif)$")]
    private static partial Regex SafeName();
}
