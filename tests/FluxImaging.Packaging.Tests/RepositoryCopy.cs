namespace FluxImaging.Packaging.Tests;

/// <summary>
/// Copies of this repository in temporary folders, as a newcomer gets it: the files git knows (tracked, or new and not
/// ignored) as they are in the working tree, so uncommitted changes are tested too, and nothing built or installed
/// (no bin, obj or node_modules).
/// </summary>
internal static class RepositoryCopy
{
    /// <summary>The repository this test runs from (the folder that holds FluxImaging.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A git clone of the repository (its only remote is the local path it came from) with the working tree's files on top.</summary>
    public static async Task CloneAsync(string destination)
    {
        await Processes.RunAsync("git", Root, TimeSpan.FromMinutes(2), "clone", "--quiet", "--no-hardlinks", Root, destination);
        await OverlayWorkingTreeAsync(destination);
    }

    /// <summary>The working tree's files with no git repository at all, as from a downloaded archive.</summary>
    public static async Task CopyWithoutGitAsync(string destination) => await OverlayWorkingTreeAsync(destination);

    /// <summary>The commit checked out in the repository.</summary>
    public static async Task<string> HeadAsync() =>
        (await Processes.RunAsync("git", Root, TimeSpan.FromMinutes(1), "rev-parse", "HEAD")).Trim();

    private static async Task OverlayWorkingTreeAsync(string destination)
    {
        var files = await GitFilesAsync("ls-files", "--cached", "--others", "--exclude-standard", "-z");
        foreach (var file in files.Where(f => File.Exists(Path.Combine(Root, f))))
        {
            var target = Path.Combine(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Root, file), target, overwrite: true);
        }

        foreach (var deleted in await GitFilesAsync("ls-files", "--deleted", "-z"))
        {
            File.Delete(Path.Combine(destination, deleted));
        }
    }

    private static async Task<IReadOnlyList<string>> GitFilesAsync(params string[] arguments) =>
        (await Processes.RunAsync("git", Root, TimeSpan.FromMinutes(1), arguments)).Split('\0', StringSplitOptions.RemoveEmptyEntries);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FluxImaging.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (FluxImaging.sln) is not above the test output.");
    }
}
