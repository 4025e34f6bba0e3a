using Grpc.Core;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeOpt.Server.Tests.TestSupport;
using Grpc.Net.Client;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Hosting;

public sealed class TlsTests
{
    [Fact]
    public async Task HttpsListenUrlWithCertificate_ServesGrpcOverTls()
    {
        string dir = TestFleet.NewTempDirectory();
        Directory.CreateDirectory(dir);
        string pfx = Path.Combine(dir, "server.pfx");
        using var certificate = SelfSigned();
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pw"));
        try
        {
            await using var fleet = await TestFleet.StartAsync(o =>
            {
                o.ListenUrl = "https://127.0.0.1:0";
                o.CertificatePath = pfx;
                o.CertificatePassword = "pw";
            }, dataDirectory: dir);
            var handler = new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString() },
            };
            using var channel = GrpcChannel.ForAddress(fleet.Address, new GrpcChannelOptions { HttpHandler = handler });
            var client = new Wire.Fleet.FleetClient(channel);

            var listed = await client.ListDevicesAsync(new Wire.ListDevicesRequest(),
                new Metadata { { "authorization", $"Bearer {TestFleet.OperatorSecret}" } }, DateTime.UtcNow.AddSeconds(20));

            Assert.StartsWith("https://", fleet.Address);
            Assert.Empty(listed.Devices);
        }
        finally
        {
            TestFleet.TryDelete(dir);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }
}
