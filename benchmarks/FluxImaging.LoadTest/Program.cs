using FluxImaging.LoadTest;

// fluximaging-loadtest serve|load|soak|peers [--key value …]; see benchmarks/README.md.
var options = Arguments.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "serve" => await EmulatorServer.RunAsync(options),
    "load" => await LoadRun.RunAsync(options),
    "soak" => await SoakRun.RunAsync(options),
    "peers" => await PeerComparison.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: FluxImaging.LoadTest serve|load|soak|peers [--pace 50] [--n 1,100,200,1000,5000] [--minutes 30] [--concurrency 50]");
    return 2;
}
