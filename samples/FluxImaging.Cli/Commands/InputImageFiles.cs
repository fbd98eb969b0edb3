namespace FluxImaging.Cli.Commands;

/// <summary>
/// The files of <c>--image</c>, read before anything starts. A file that is missing, unreadable, empty, too large or not
/// an image is an <see cref="FluxImagingErrorKind.InvalidRequest"/> (exit 11), as every other value the client can
/// judge is (<c>--width -5</c>, <c>--n 11</c>): the command line parsed, the request it describes cannot be sent. Its
/// message names the option and the file.
/// </summary>
internal static class InputImageFiles
{
    public static async Task<IReadOnlyList<ImageInput>> ReadAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var images = new List<ImageInput>(paths.Count);
        foreach (var path in paths)
        {
            images.Add(await ReadAsync(path, cancellationToken).ConfigureAwait(false));
        }

        return images;
    }

    private static async Task<ImageInput> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw Invalid($"--image '{path}' is a folder, not an image file.");
        }

        try
        {
            return await ImageInput.FromFileAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Invalid($"--image '{path}': no such file.");
        }
        catch (UnauthorizedAccessException)
        {
            throw Invalid($"--image '{path}' cannot be read: permission denied.");
        }
        catch (IOException ex)
        {
            throw Invalid($"--image '{path}' cannot be read: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            // Empty, too large, or not a PNG, JPEG, WebP or GIF image: the library's reason names the file.
            throw Invalid($"--image: {RequestOptionError.Reason(ex)}");
        }
    }

    private static FluxImagingException Invalid(string message) => new(FluxImagingErrorKind.InvalidRequest, message);
}
