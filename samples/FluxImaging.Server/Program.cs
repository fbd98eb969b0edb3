using FluxImaging.Server;

var app = await ServerApplication.BuildAsync(args);
await app.RunAsync();
