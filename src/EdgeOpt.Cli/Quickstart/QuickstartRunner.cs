using EdgeOpt.Agent;
using EdgeOpt.Cli.Client;
using EdgeOpt.Cli.Reports;
using EdgeOpt.Server;
using EdgeOpt.Server.Predictors;
using EdgeOpt.Server.Storage;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Quickstart;

/// <summary>
/// The whole job on this machine: an in-process server (LiteDB under the data folder), replay devices from a
/// recording when one is given, this machine enrolled through a real agent (in process, measuring with ONNX
/// Runtime), its signature set measured, its predictor built by the server, the best design under the budget
/// asked of the Optimizer and verified here, and the model and the report written. Every step goes through the
/// server's public RPCs; only the device-modeling record (the proxy decision and its evidence) is read from the store.
/// This class runs the steps in order (each is a class of this folder) and owns the server and agent lifetimes.
/// </summary>
internal sealed class QuickstartRunner(QuickstartSettings settings, IAnsiConsole console)
{
    public const string ModelFile = "model.onnx";
    public const string ServerLogFile = "server.log";

    private readonly QuickstartSteps _steps = new(settings, console);

    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken ct)
    {
        string data = Path.GetFullPath(settings.DataDirectory);
        string output = Path.GetFullPath(settings.OutputDirectory);
        Directory.CreateDirectory(data);
        var replay = new ReplayEnrollment(_steps);
        var plan = replay.Load();

        using var log = new FileLoggerProvider(Path.Combine(data, ServerLogFile));
        _steps.Status($"Starting the EdgeOpt server in this process (data in {data}, log in {log.FilePath})");
        await using var app = QuickstartServer.Build(settings, data, log);
        await app.StartAsync(ct);
        string address = app.Urls.First();
        using var agentStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<int>? agent = null;
        try
        {
            string operatorToken = (await File.ReadAllTextAsync(Path.Combine(data, ServerOptions.OperatorTokenFileName), ct)).Trim();
            using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = FleetConnection.MaxReceiveBytes });
            var invoker = channel.Intercept(FleetConnection.BearerToken(operatorToken));
            var fleet = new Wire.Fleet.FleetClient(invoker);
            var store = app.Services.GetRequiredService<IFleetStore>();
            var catalog = app.Services.GetRequiredService<PredictorCatalog>();

            var replayIds = plan is null ? [] : await replay.ImportAsync(fleet, new Uri(address), plan, "sample", replay.Sample(plan), skipStored: false, ct);
            await new FleetPredictorCheck(_steps).EnsureAsync(catalog, new Wire.Predictor.PredictorClient(invoker), replayIds, ct);

            var (device, agentToken) = await new LocalEnrollment(_steps).EnrollAsync(fleet, new Uri(address), ct);
            var signatureSet = new SignatureSetMeasurement(_steps, fleet, device.Id);
            var signature = await signatureSet.ArchsAsync(ct);
            if (plan is not null && signature.Count > 0)
                await replay.ImportAsync(fleet, new Uri(address), plan, "signature", signature.Contains, skipStored: true, ct);

            _steps.Status($"Starting a measuring agent for this machine ({settings.DeviceName})");
            var options = new AgentOptions { Server = address, Token = agentToken, LogLevel = "critical", EnergyMeter = "none" };
            if (options.Validate() is { Count: > 0 } problems) throw new QuickstartException($"agent options: {string.Join("; ", problems)}");
            agent = Task.Run(() => AgentHost.RunAsync(options, agentStop.Token), CancellationToken.None);

            await signatureSet.MeasureAsync(agent, ct);
            var modeled = await new DeviceModelWait(_steps).WaitAsync(store, device.Id, fleet, ct);
            var measured = await signatureSet.MeasurementsAsync(ct);
            double budget = settings.BudgetMs ?? Median(measured.Select(m => m.Latency.MedianMs));
            string budgetOrigin = settings.BudgetMs is null
                ? $"median of the {measured.Count} signature latencies measured on this machine"
                : "--budget-ms";

            var optimization = new QuickstartOptimization(_steps, new Wire.Optimizer.OptimizerClient(invoker), device.Id);
            var front = await optimization.ParetoAsync(budget, ct);
            var answer = await optimization.OptimizeAsync(budget, ct);
            var chosen = answer.Designs[0];
            if (chosen.OnnxModel.IsEmpty) throw new QuickstartException("the optimizer answered without the ONNX model of the design");

            Directory.CreateDirectory(output);
            string modelPath = Path.Combine(output, ModelFile);
            await File.WriteAllBytesAsync(modelPath, chosen.OnnxModel.ToByteArray(), ct);
            var described = await fleet.GetDeviceAsync(new Wire.GetDeviceRequest { DeviceId = device.Id }, deadline: QuickstartSteps.Deadline(), cancellationToken: ct);
            var devices = (await fleet.ListDevicesAsync(new Wire.ListDevicesRequest { IncludeRetired = true }, deadline: QuickstartSteps.Deadline(), cancellationToken: ct)).Devices;
            string dataset = settings.Dataset.Length > 0 ? settings.Dataset
                : app.Services.GetRequiredService<IAccuracyModels>().DefaultDataset(settings.Space) ?? "no dataset (capacity proxy)";
            var report = new QuickstartReportBuilder(_steps).Build(dataset, described, devices, modeled, measured, budget, budgetOrigin, answer, front);
            _steps.Status("Writing the report");
            var files = QuickstartReportWriter.WriteAll(report, output);
            return [modelPath, .. files];
        }
        catch (RpcException e)
        {
            throw new QuickstartException($"the server answered {e.StatusCode}: {e.Status.Detail} (details in {log.FilePath})");
        }
        finally
        {
            await agentStop.CancelAsync();
            if (agent is not null) await Task.WhenAny(agent, Task.Delay(TimeSpan.FromSeconds(15), CancellationToken.None));
            await app.StopAsync(CancellationToken.None);
        }
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new QuickstartException("this machine has no signature measurements to set the budget from; give --budget-ms");
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
