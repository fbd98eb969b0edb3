using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FluxImaging.Server.Media;

/// <summary>
/// Keeps fetched images on disk and serves them at <c>/media/{name}</c>. Names are generated here
/// (<c>{unix time}_{prompt slug}_{hash}{ext}</c>); a requested name is accepted only if it has that safe shape.
/// The folder is bounded: after every save, images older than <see cref="ServerOptions.MediaMaxAge"/> are deleted,
/// then the oldest ones until the folder holds at most <see cref="ServerOptions.MediaMaxBytes"/>; an expired image is
/// never served.
/// </summary>
internal sealed partial class MediaStore(IOptions<ServerOptions> options, TimeProvider clock, ILogger<MediaStore> logger)
{
    // Half-written files of a crashed write are removed once they are this old.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    private readonly string _folder = Path.GetFullPath(options.Value.MediaFolder);
    private readonly Lock _trimming = new();

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
        Trim(keep: name);
        return name;
    }

    /// <summary>Deletes expired images, then the oldest ones while the folder is over its quota; never <paramref name="keep"/>.</summary>
    public void Trim(string? keep = null)
    {
        var limits = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        lock (_trimming)
        {
            var folder = new DirectoryInfo(_folder);
            if (!folder.Exists)
            {
                return;
            }

            var images = new List<FileInfo>();
            foreach (var file in folder.EnumerateFiles())
            {
                if (SafeName().IsMatch(file.Name))
                {
                    images.Add(file);
                }
                else if (file.Name.EndsWith(".tmp", StringComparison.Ordinal) && now - file.LastWriteTimeUtc > AbandonedAfter)
                {
                    TryDelete(file);
                }
            }

            images.Sort((a, b) => a.LastWriteTimeUtc.CompareTo(b.LastWriteTimeUtc));
            var total = images.Sum(f => f.Length);
            var deleted = 0;
            foreach (var image in images)
            {
                var expired = now - image.LastWriteTimeUtc > limits.MediaMaxAge;
                if (!expired && total <= limits.MediaMaxBytes)
                {
                    // Sorted oldest first: nothing after this one is expired either.
                    break;
                }

                var length = image.Length;
                if (image.Name != keep && TryDelete(image))
                {
                    total -= length;
                    deleted++;
                }
            }

            if (deleted > 0)
            {
                LogEvicted(logger, deleted, total);
            }
        }
    }

    /// <summary>The file for a requested name, or null when the name is not one we could have made or does not exist.</summary>
    public FileInfo? Find(string name)
    {
        if (!SafeName().IsMatch(name))
        {
            return null;
        }

        var file = new FileInfo(Path.Combine(_folder, name));
        if (!file.Exists || !string.Equals(file.DirectoryName, _folder, StringComparison.Ordinal))
        {
            return null;
        }

        if (clock.GetUtcNow().UtcDateTime - file.LastWriteTimeUtc > options.Value.MediaMaxAge)
        {
            TryDelete(file);
            return null;
        }

        return file;
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

    private static bool TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (IOException)
        {
            // Busy or gone: the next trim tries again.
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LoggerMessage(320, LogLevel.Information, "Media: deleted {Count} old image(s); the folder holds {Bytes:N0} bytes.")]
    private static partial void LogEvicted(ILogger logger, int count, long bytes);

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugRegex();

    [GeneratedRegex(@"^[0-9]{1,12}_[a-z0-9_]{1,40}_[0-9a-f]{16}\.(png|jpg|webp|gif)$")]
    private static partial Regex SafeName();
}
