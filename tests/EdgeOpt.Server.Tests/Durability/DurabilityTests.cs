using Grpc.Core;
using System.Diagnostics;
using System.Text.RegularExpressions;
using EdgeOpt.Server.Tests.TestSupport;
using Grpc.Net.Client;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Durability;

public sealed partial class DurabilityTests
{
    [Fact]
    public async Task WritesViaRpc_SurviveDisposingTheAppAndReopeningTheSameFile()
    {
        string dir = TestFleet.NewTempDirectory();
        try
        {
            Scenario.Registered device;
            Wire.Job reported;
            string developerToken;
            await using (var fleet = await TestFleet.StartAsync(dataDirectory: dir))
            {
                device = await Scenario.RegisterAndEnrollAsync(fleet, "durable");
                reported = (await Scenario.TakeAsync(fleet, device.AgentToken, 1, 1)).Single();
                await fleet.Agent(device.AgentToken).ReportMeasurementsAsync(Scenario.Batch("k", Scenario.ReportFor(reported, 7.5)));
                developerToken = (await fleet.Operator.IssueTokenAsync(new Wire.IssueTokenRequest { Role = Wire.Role.Developer })).Token;
            }

            Assert.Single(Directory.GetFiles(dir, "*.db"));
            await using (var reopened = await TestFleet.StartAsync(dataDirectory: dir))
            {
                var devices = await reopened.Fleet(developerToken).ListDevicesAsync(new Wire.ListDevicesRequest());
                var measurements = await Scenario.MeasurementsAsync(reopened, device.Id);
                var jobs = await Scenario.JobsAsync(reopened, device.Id);
                var retried = await reopened.Agent(device.AgentToken).ReportMeasurementsAsync(Scenario.Batch("k", Scenario.ReportFor(reported, 7.5)));

                Assert.Equal(Wire.DeviceState.Enrolled, devices.Devices.Single().State);
                Assert.Equal(7.5, measurements.Single().Latency.MedianMs);
                Assert.Equal(Wire.JobState.Done, jobs.Single(j => j.Id == reported.Id).State);
                Assert.Equal(10, jobs.Count);
                Assert.Equal((1, 0), (retried.Accepted, retried.Duplicates)); // the idempotency key survived too
                Assert.Single(await Scenario.MeasurementsAsync(reopened, device.Id));
            }
        }
        finally
        {
            TestFleet.TryDelete(dir);
        }
    }

    [Fact]
    public async Task KilledServerProcess_KeepsEveryAcknowledgedWrite()
    {
        string serverDll = Path.Combine(AppContext.BaseDirectory, "EdgeOpt.Server.dll");
        Assert.True(File.Exists(serverDll), $"{serverDll} missing from the test output");
        string dir = TestFleet.NewTempDirectory();
        try
        {
            var registered = new List<string>();
            using (var process = StartServerProcess(serverDll, dir))
            {
                try
                {
                    string address = await ReadListenAddressAsync(process);
                    using var channel = GrpcChannel.ForAddress(address);
                    var client = new Wire.Fleet.FleetClient(channel);
                    var headers = new Metadata { { "authorization", $"Bearer {TestFleet.OperatorSecret}" } };
                    for (int i = 0; i < 5; i++)
                    {
                        var response = await client.RegisterDeviceAsync(new Wire.RegisterDeviceRequest { Name = $"d{i}" },
                            headers, DateTime.UtcNow.AddSeconds(20));
                        registered.Add(response.Device.Id);
                    }
                }
                finally
                {
                    process.Kill(entireProcessTree: true); // SIGKILL right after the last acknowledgement: no shutdown, no dispose
                    await process.WaitForExitAsync(TestTimeout.Token());
                }
            }

            await using var reopened = await TestFleet.StartAsync(dataDirectory: dir);
            var devices = await reopened.Operator.ListDevicesAsync(new Wire.ListDevicesRequest());
            // Every acknowledged registration survives; ListDevices orders registrations of the same millisecond by id.
            Assert.Equal(registered.Order(StringComparer.Ordinal), devices.Devices.Select(d => d.Id).Order(StringComparer.Ordinal));
        }
        finally
        {
            TestFleet.TryDelete(dir);
        }
    }

    private static Process StartServerProcess(string serverDll, string dataDirectory)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
            : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
            : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (string arg in new[]
                 {
                     serverDll,
                     "--EdgeOpt:Server:ListenUrl=http://127.0.0.1:0",
                     $"--EdgeOpt:Server:DataDirectory={dataDirectory}",
                     $"--EdgeOpt:Server:OperatorToken={TestFleet.OperatorSecret}",
                     "--Logging:LogLevel:Default=Warning",
                     "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start) ?? throw new InvalidOperationException("the server process did not start");
    }

    private static async Task<string> ReadListenAddressAsync(Process process)
    {
        var ct = TestTimeout.Token(30);
        var seen = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            seen.Add(line);
            var match = ListeningOn().Match(line);
            if (match.Success) return match.Groups[1].Value;
        }
        throw new InvalidOperationException($"the server exited before listening: {string.Join('\n', seen)}\n{await process.StandardError.ReadToEndAsync(ct)}");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
