using System.Runtime.InteropServices;
using FluxImaging.Cli;

// Ctrl+C (SIGINT) or SIGTERM cancels the generation cleanly: the upstream job is cancelled where the protocol allows and
// no half-written file stays behind. A second Ctrl+C ends the process at once.
using var cancellation = new CancellationTokenSource();
void Cancel(PosixSignalContext context)
{
    context.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
return await CliApplication.RunAsync(args, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
