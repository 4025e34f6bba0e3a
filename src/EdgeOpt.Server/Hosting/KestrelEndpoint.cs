using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EdgeOpt.Server.Hosting;

/// <summary>Sets Kestrel's one endpoint from <see cref="ServerOptions.ListenUrl"/>: HTTP/2 cleartext or TLS.</summary>
public static class KestrelEndpoint
{
    public static void Apply(KestrelServerOptions kestrel, ServerOptions options)
    {
        if (!ServerOptionsValidator.TryParseListenUrl(options.ListenUrl, out var url, out var error))
            throw new InvalidOperationException(error);

        void Configure(ListenOptions listen)
        {
            // gRPC needs HTTP/2; without TLS there is no ALPN to negotiate it, so the endpoint speaks only HTTP/2.
            listen.Protocols = HttpProtocols.Http2;
            if (url!.Scheme == Uri.UriSchemeHttps) listen.UseHttps(options.CertificatePath!, options.CertificatePassword);
        }

        // Job streams stay open for hours: ping idle connections so a vanished agent's stream is noticed and closed.
        kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(60);

        string host = url!.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            kestrel.ListenLocalhost(url.Port, Configure);
        else if (IPAddress.Parse(host) is var address && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
            kestrel.ListenAnyIP(url.Port, Configure);
        else
            kestrel.Listen(address, url.Port, Configure);
    }
}
