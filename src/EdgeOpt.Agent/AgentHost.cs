using System.CommandLine;
using EdgeOpt.Agent.Energy;
using EdgeOpt.Agent.Hardware;
using EdgeOpt.Agent.Jobs;
using EdgeOpt.Agent.Transport;
using EdgeOpt.Contracts.V1;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Runtime.Benchmarking;
using Microsoft.Extensions.Logging;

namespace EdgeOpt.Agent;

/// <summary>Puts the agent together from its options: logging, meters, executor, connection, worker.</summary>
public static class AgentHost
{
    /// <summary>Exit code for options that cannot be used.</summary>
    public const int UsageExitCode = 2;

    /// <summary>Parses the command line and runs the agent until <paramref name="stopping"/> is cancelled.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken stopping)
    {
        var parse = AgentCommandLine.Create().Parse(args);
        if (parse.Errors.Count > 0 || parse.Action is not null)
            return await parse.InvokeAsync(cancellationToken: stopping).ConfigureAwait(false);

        AgentOptions options;
        try
        {
            options = AgentCommandLine.ToOptions(parse);
        }
        catch (AgentOptionsException e)
        {
            await Console.Error.WriteLineAsync($"edgeopt-agent: {e.Message}").ConfigureAwait(false);
            return UsageExitCode;
        }
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (var error in errors) await Console.Error.WriteLineAsync($"edgeopt-agent: {error}").ConfigureAwait(false);
            return UsageExitCode;
        }
        return await RunAsync(options, stopping).ConfigureAwait(false);
    }

    /// <summary>Runs the agent with validated options.</summary>
    public static async Task<int> RunAsync(AgentOptions options, CancellationToken stopping)
    {
        using var logging = CreateLogging(options);
        var logger = logging.CreateLogger("edgeopt-agent");

        var (executor, description, meter) = Build(options, logging, logger, out var problem);
        if (problem is not null)
        {
            logger.LogCritical("{Problem}", problem);
            return UsageExitCode;
        }
        using (meter)
        using (var connection = AgentConnection.Open(options.ServerUri!, options.Token!))
        {
            logger.LogInformation("edgeopt-agent {Version} ({Mode} mode) connecting to {Server}",
                AgentWorker.AgentVersion, executor!.Mode, options.ServerUri);
            var worker = new AgentWorker(connection.Client, executor, description!, options, logger);
            return await worker.RunAsync(stopping).ConfigureAwait(false);
        }
    }

    private static (IJobExecutor?, DeviceDescription?, IEnergyMeter?) Build(
        AgentOptions options, ILoggerFactory logging, ILogger logger, out string? problem)
    {
        problem = null;
        if (options.Replay is { } recording)
        {
            var space = options.Space ?? "nb201";
            try
            {
                var executor = ReplayJobExecutor.Load(recording, space, options.Device!, TimeSpan.FromMilliseconds(options.ReplayDelayMs));
                logger.LogInformation("Replaying device column {Device} of {Recording} ({Space})", options.Device, recording, space);
                return (executor, HardwareDescription.ForReplay(Path.GetFileName(recording), options.Device!, space), null);
            }
            catch (Exception e) when (e is MeasurementFormatException or ArgumentException or IOException)
            {
                problem = $"--replay: {e.Message}";
                return (null, null, null);
            }
        }

        var probes = EnergyMeters.ProbeAll(options.EnergySettings());
        foreach (var probe in probes) logger.LogInformation("Energy meter {Meter}", probe.ToString());
        var meter = EnergyMeters.Choose(probes, options.EnergyMeter, options.ExecutionProvider == ExecutionProviders.Cuda);
        foreach (var unused in probes.Where(p => p.Meter is not null && p.Meter != meter)) unused.Meter!.Dispose();
        if (meter is null && options.EnergyMeter is not (EnergyMeters.Auto or EnergyMeters.None))
        {
            problem = $"--energy-meter {options.EnergyMeter}: {probes.First(p => p.Name == options.EnergyMeter).UnavailableReason}";
            return (null, null, null);
        }
        logger.LogInformation("Energy is measured with {Meter}", meter is null ? "no meter (energy stays absent)" : $"{meter.Name}:{meter.Rail}");

        var runner = new BenchmarkRunner(logging.CreateLogger<BenchmarkRunner>());
        var measuring = new OnnxRuntimeJobExecutor(
            runner,
            new OnnxRuntimeJobExecutor.Settings(options.ExecutionProvider, options.GpuIndex),
            meter,
            logging.CreateLogger<OnnxRuntimeJobExecutor>());
        var description = HardwareDescription.Detect(probes);
        logger.LogInformation("Device: {Cpu}, {Cores} cores, {MemoryGiB:F1} GiB, {Os}, {Architecture}; providers {Providers}; accelerator {Accelerator}",
            description.CpuModel, description.CpuCores, description.MemoryBytes / (1024.0 * 1024 * 1024), description.Os,
            description.Architecture, string.Join(", ", description.ExecutionProviders),
            description.Accelerator.Length == 0 ? "none" : description.Accelerator);
        return (measuring, description, meter);
    }

    private static ILoggerFactory CreateLogging(AgentOptions options) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(options.MinimumLogLevel);
        if (options.LogFormat == "json")
        {
            builder.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }
    });
}
