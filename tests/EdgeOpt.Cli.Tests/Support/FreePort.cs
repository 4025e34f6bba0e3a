using System.Net;
using System.Net.Sockets;

namespace EdgeOpt.Cli.Tests.Support;

public static class FreePort
{
    /// <summary>A loopback port free now (asked of the OS), for a server that must come back on the same address.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
