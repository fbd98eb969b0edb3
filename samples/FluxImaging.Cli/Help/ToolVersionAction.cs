using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace FluxImaging.Cli.Help;

/// <summary>
/// <c>--version</c>: the informational version of this tool's assembly. System.CommandLine's own action reads the entry
/// assembly, which is not the tool when it runs inside another host (the test runner).
/// </summary>
internal sealed class ToolVersionAction : SynchronousCommandLineAction
{
    public static string Version { get; } =
        typeof(ToolVersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return ExitCodes.Success;
    }
}
