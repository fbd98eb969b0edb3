using FluxImaging.Benchmarks;

if (args is ["loop", ..])
{
    await DecodingLoop.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20000, args.Length > 2 ? args[2] : null);
    return;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
