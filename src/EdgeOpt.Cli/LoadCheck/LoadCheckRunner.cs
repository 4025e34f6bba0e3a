using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using EdgeOpt.Cli.Client;
using EdgeOpt.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.LoadCheck;

/// <summary>
/// Runs a load check against a loopback server (its own, hosted in this process, when none is given): registers
/// the devices, runs the simulated agents side by side for the duration, then counts what the server stored for
/// those devices and cleans up (retires the devices on a given server; deletes its own server's data).
/// </summary>
internal static class LoadCheckRunner
{
    public static async Task<LoadCheckReport> RunAsync(
        LoadCheckSettings settings, Uri? server, string? token, Action<string> progress, CancellationToken cancellationToken)
    {
        if (server is not null && !IsLoopback(server))
            throw new CliUsageException($"--server: '{server}' is not a loopback address; the load check only runs against 127.0.0.1, ::1 or localhost");

        WebApplication? app = null;
        string? dataDirectory = null;
        try
        {
            if (server is null)
            {
                dataDirectory = Path.Combine(Path.GetTempPath(), "edgeopt-loadcheck", Guid.NewGuid().ToString("N"));
                token = "eo_loadcheck_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
                string operatorToken = token;
                app = EdgeOptServer.BuildApp([], o =>
                {
                    o.ListenUrl = "http://127.0.0.1:0";
                    o.DataDirectory = dataDirectory;
                    o.OperatorToken = operatorToken;
                }, builder =>
                {
                    builder.Logging.SetMinimumLevel(LogLevel.Warning);
                    // The server's warnings (e.g. no pretrained model for a space) go to stderr: stdout holds the report (--json).
                    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
                });
                await app.StartAsync(cancellationToken);
                server = new Uri(app.Urls.First());
                progress($"Started a server in this process at {server} (data in {dataDirectory})");
            }
            return await RunAgainstAsync(settings, server, token!, app is not null, progress, cancellationToken);
        }
        finally
        {
            if (app is not null)
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
            if (dataDirectory is not null)
            {
                try
                {
                    Directory.Delete(dataDirectory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private static async Task<LoadCheckReport> RunAgainstAsync(
        LoadCheckSettings settings, Uri server, string token, bool ownServer, Action<string> progress, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(server);
        var fleet = new Wire.Fleet.FleetClient(channel.Intercept(FleetConnection.BearerToken(token)));
        DateTime Deadline() => DateTime.UtcNow + settings.CallTimeout;

        string run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var devices = new (string Id, string Token)[settings.Agents];
        await Parallel.ForAsync(0, settings.Agents, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var response = await fleet.RegisterDeviceAsync(
                new Wire.RegisterDeviceRequest { Name = $"loadcheck-{run}-{i:D4}" }, deadline: Deadline(), cancellationToken: ct);
            devices[i] = (response.Device.Id, response.AgentToken);
        });
        progress($"Registered {settings.Agents} devices (loadcheck-{run}-*); enrolling their agents (batches of {settings.BatchSize})");

        var agents = devices.Select((d, i) => new SimulatedAgent(i, server, d.Token, settings)).ToArray();
        try
        {
            return await DriveAsync(settings, server, ownServer, fleet, devices, agents, progress, cancellationToken);
        }
        finally
        {
            foreach (var agent in agents) agent.Dispose();
        }
    }

    private static async Task<LoadCheckReport> DriveAsync(
        LoadCheckSettings settings, Uri server, bool ownServer, Wire.Fleet.FleetClient fleet, (string Id, string Token)[] devices,
        SimulatedAgent[] agents, Action<string> progress, CancellationToken cancellationToken)
    {
        DateTime Deadline() => DateTime.UtcNow + settings.CallTimeout;
        // Enrollment is setup (the first one also computes the signature set): the clock starts once all are enrolled.
        var enrolled = await Task.WhenAll(agents.Select(a => a.EnrollAsync(cancellationToken)));
        progress($"{enrolled.Count(e => e)} of {agents.Length} agents enrolled; reporting for {settings.Duration.TotalSeconds:0} s");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        var running = agents.Where((_, i) => enrolled[i]).Select(a => Task.Run(() => a.RunAsync(stop.Token), CancellationToken.None)).ToArray();
        stop.CancelAfter(settings.Duration);

        var all = Task.WhenAll(running);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None));
            if (all.IsCompleted) break;
            long accepted = agents.Sum(a => Volatile.Read(ref a.Tally.Accepted));
            progress($"{clock.Elapsed.TotalSeconds,5:0} s: {accepted} measurements ingested ({accepted / clock.Elapsed.TotalSeconds:0} /s)");
        }
        await all;
        var elapsed = clock.Elapsed;

        long stored = 0, signatureDone = 0;
        await Parallel.ForAsync(0, devices.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            using var call = fleet.ListMeasurements(new Wire.ListMeasurementsRequest { DeviceId = devices[i].Id }, deadline: DateTime.UtcNow.AddMinutes(5));
            long count = 0;
            await foreach (var unused in call.ResponseStream.ReadAllAsync()) count++;
            var jobs = await fleet.ListJobsAsync(new Wire.ListJobsRequest { DeviceId = devices[i].Id, State = Wire.JobState.Done }, deadline: Deadline());
            Interlocked.Add(ref stored, count);
            Interlocked.Add(ref signatureDone, jobs.Jobs.Count(j => j.Purpose == Wire.JobPurpose.Signature));
        });

        if (!ownServer)
        {
            foreach (var (id, _) in devices)
                await fleet.RetireDeviceAsync(new Wire.RetireDeviceRequest { DeviceId = id, Reason = "load check finished" }, deadline: Deadline());
        }
        return LoadCheckReport.From(ownServer ? $"in-process at {server}" : server.ToString(), settings, elapsed,
            agents.Select(a => a.Tally).ToList(), signatureDone, stored);
    }

    private static bool IsLoopback(Uri server) =>
        server.IsLoopback || (IPAddress.TryParse(server.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
