using FluxImaging.Tests.Shared;

namespace FluxImaging.Packaging.Tests;

/// <summary>Runs a program to completion and hands back what it printed; a non-zero exit or a time-out fails the test.</summary>
internal static class Processes
{
    /// <summary>Runs the program and returns its standard output; a non-zero exit fails the test with everything it printed.</summary>
    public static async Task<string> RunAsync(string program, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var (exitCode, output, error) = await TryRunAsync(program, workingDirectory, timeout, arguments);
        Assert.That(exitCode, Is.Zero, $"{program} {string.Join(' ', arguments)} failed:\n{output}\n{error}");
        return output;
    }

    public static Task<string> DotnetAsync(string workingDirectory, params string[] arguments) =>
        RunAsync("dotnet", workingDirectory, TimeSpan.FromMinutes(15), arguments);

    /// <summary>Runs the program and returns its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> TryRunAsync(string program, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        return await ChildProcess.RunAsync(program, workingDirectory, timeout, arguments, start =>
        {
            // A build started from here must not inherit the build settings of the test run that started it.
            foreach (var variable in (string[])["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly"])
            {
                start.Environment.Remove(variable);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        });
    }
}
