using EdgeOpt.Server;

await using var app = EdgeOptServer.BuildApp(args);
await app.RunAsync();
