using EdgeOpt.Server.Extensions;

namespace EdgeOpt.Server;

/// <summary>
/// Hosts the fleet server in any process: <c>Program</c>, tests, and the CLI's <c>edgeopt serve</c>.
/// <code>
/// await using var app = EdgeOptServer.BuildApp(args, o => { o.ListenUrl = "http://127.0.0.1:0"; o.DataDirectory = dir; });
/// await app.StartAsync(ct);            // options are validated here
/// string address = app.Urls.First();  // the bound address (a real port when 0 was asked)
/// </code>
/// </summary>
public static class EdgeOptServer
{
    /// <summary>Builds the server; <paramref name="configure"/> runs after configuration binding and overrides it.</summary>
    public static WebApplication BuildApp(string[] args, Action<ServerOptions>? configure = null) =>
        BuildApp(args, configure, configureBuilder: null);

    /// <summary>
    /// As <see cref="BuildApp(string[], Action{ServerOptions}?)"/>; <paramref name="configureBuilder"/> may add
    /// logging providers or replace services (for example <see cref="Jobs.ISignatureSetProvider"/>) before the build.
    /// </summary>
    public static WebApplication BuildApp(string[] args, Action<ServerOptions>? configure, Action<WebApplicationBuilder>? configureBuilder)
    {
        var builder = WebApplication.CreateBuilder(args);
        configureBuilder?.Invoke(builder);
        builder.AddEdgeOptServer(configure);
        var app = builder.Build();
        app.MapEdgeOptServer();
        return app;
    }
}
