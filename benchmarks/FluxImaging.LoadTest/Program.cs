using FluxImaging.LoadTest;

// fluximaging-loadtest serve|load|soak|peers|cold [--key value …]; see benchmarks/README.md.
var options = Arguments.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "serve" => await EmulatorServer.RunAsync(options),
    "load" => await LoadRun.RunAsync(options),
    "soak" => await SoakRun.RunAsync(options),
    "peers" => await PeerComparison.RunAsync(options),
    "cold" => await ColdStart.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: FluxImaging.LoadTest serve|load|soak|peers|cold [--pace 50] [--n 1,50,200,1000,5000] [--minutes 30] [--concurrency 50] [--peers DIR] [--fluximg PATH] [--runs 3]");
    return 2;
}
