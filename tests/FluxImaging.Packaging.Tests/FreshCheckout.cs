namespace FluxImaging.Packaging.Tests;

/// <summary>
/// One fresh clone of the repository for every test here, used as a newcomer would: first the README's test command on
/// one interop test project (nothing installed beforehand), then <c>dotnet pack FluxImaging.sln</c> into a local feed.
/// The packages get a version of their own per run, so the global package cache never serves an older build under the
/// same number, and the repository URL a fork would give, so SourceLink is seen to follow it.
/// </summary>
[SetUpFixture]
public sealed class FreshCheckout
{
    public const string ForkRepositoryUrl = "https://github.com/example-owner/fluximaging-fork";

    public const string InteropProject = "tests/FluxImaging.BlackForestLabs.Tests/FluxImaging.BlackForestLabs.Tests.csproj";

    public static string Work { get; private set; } = null!;

    public static string Clone { get; private set; } = null!;

    public static string Feed { get; private set; } = null!;

    public static string Version { get; private set; } = null!;

    /// <summary>The clone's checked-out commit.</summary>
    public static string Commit { get; private set; } = null!;

    public static string InteropFolder => Path.Combine(Clone, "tests", "FluxImaging.BlackForestLabs.Tests", "GradioClientInterop");

    public static bool InteropFolderHadNodeModules { get; private set; }

    /// <summary>What <c>dotnet test</c> of <see cref="InteropProject"/> in the fresh clone did.</summary>
    public static (int ExitCode, string Output, string Error) InteropTestRun { get; private set; }

    /// <summary>The properties every build in the clone gets, so that later builds reuse what earlier ones built.</summary>
    public static string[] BuildProperties =>
        [$"-p:Version={Version}", $"-p:RepositoryUrl={ForkRepositoryUrl}", "-p:ContinuousIntegrationBuild=false", "-nodeReuse:false"];

    [OneTimeSetUp]
    public async Task PrepareAsync()
    {
        Work = Directory.CreateTempSubdirectory("fluximaging-packaging-").FullName;
        Clone = Path.Combine(Work, "clone");
        Feed = Path.Combine(Work, "feed");
        Version = $"0.1.0-ci.{DateTimeOffset.UtcNow:yyyyMMddHHmmss}";

        await RepositoryCopy.CloneAsync(Clone);
        Commit = (await Processes.RunAsync("git", Clone, TimeSpan.FromMinutes(1), "rev-parse", "HEAD")).Trim();

        InteropFolderHadNodeModules = Directory.Exists(Path.Combine(InteropFolder, "node_modules"));
        InteropTestRun = await Processes.TryRunAsync(
            "dotnet", Clone, TimeSpan.FromMinutes(15), ["test", InteropProject, "-c", "Release", "--filter", "FullyQualifiedName~GradioClientInteropTests", .. BuildProperties]);

        await Processes.DotnetAsync(Clone, ["pack", "FluxImaging.sln", "-c", "Release", "-o", Feed, .. BuildProperties]);
    }

    [OneTimeTearDown]
    public void CleanUp() => Directory.Delete(Work, recursive: true);
}
