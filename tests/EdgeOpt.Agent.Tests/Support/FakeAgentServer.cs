using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeOpt.Agent.Tests.Support;

/// <summary>A real Kestrel gRPC server on 127.0.0.1 (a free port, cleartext HTTP/2) hosting a <see cref="FakeAgentService"/>.</summary>
internal sealed class FakeAgentServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeAgentServer(WebApplication app, FakeAgentService service, Uri address)
    {
        _app = app;
        Service = service;
        Address = address;
    }

    public FakeAgentService Service { get; }

    public Uri Address { get; }

    public static Task<FakeAgentServer> StartAsync(FakeAgentService service) => StartOnPortAsync(service, 0);

    public static async Task<FakeAgentServer> StartOnPortAsync(FakeAgentService service, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<FakeAgentService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeAgentServer(app, service, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
