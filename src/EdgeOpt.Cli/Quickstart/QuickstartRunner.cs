using System.Globalization;
using EdgeOpt.Agent;
using EdgeOpt.Cli.Client;
using EdgeOpt.Cli.Import;
using EdgeOpt.Cli.Reports;
using EdgeOpt.Learning.Proxy;
using EdgeOpt.Server;
using EdgeOpt.Server.Predictors;
using EdgeOpt.Server.Storage;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
/// </summary>
internal sealed class QuickstartRunner(QuickstartSettings settings, IAnsiConsole console)
{
    public const string ModelFile = "model.onnx";
    public const string ServerLogFile = "server.log";
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SignatureTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ModelingTimeout = TimeSpan.FromMinutes(3);

    private readonly List<string> _notes = [];

    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken ct)
    {
        string data = Path.GetFullPath(settings.DataDirectory);
        string output = Path.GetFullPath(settings.OutputDirectory);
        Directory.CreateDirectory(data);
        var plan = LoadReplay();

        using var log = new FileLoggerProvider(Path.Combine(data, ServerLogFile));
        Status($"Starting the EdgeOpt server in this process (data in {data}, log in {log.FilePath})");
        await using var app = BuildServer(data, log);
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

            var replayIds = plan is null ? [] : await ImportReplayAsync(fleet, new Uri(address), plan, "sample", Sample(plan), skipStored: false, ct);
            await EnsurePredictorAsync(catalog, new Wire.Predictor.PredictorClient(invoker), replayIds, ct);

            var (device, agentToken) = await LocalDeviceAsync(fleet, new Uri(address), ct);
            var signature = await SignatureArchsAsync(fleet, device.Id, ct);
            if (plan is not null && signature.Count > 0)
                await ImportReplayAsync(fleet, new Uri(address), plan, "signature", signature.Contains, skipStored: true, ct);

            Status($"Starting a measuring agent for this machine ({settings.DeviceName})");
            var options = new AgentOptions { Server = address, Token = agentToken, LogLevel = "critical", EnergyMeter = "none" };
            if (options.Validate() is { Count: > 0 } problems) throw new QuickstartException($"agent options: {string.Join("; ", problems)}");
            agent = Task.Run(() => AgentHost.RunAsync(options, agentStop.Token), CancellationToken.None);

            await MeasureSignatureAsync(fleet, device.Id, agent, ct);
            var modeled = await WaitForModelAsync(store, device.Id, NamesOf(fleet), ct);
            var measured = await MeasurementsAsync(fleet, device.Id, ct);
            double budget = settings.BudgetMs ?? Median(measured.Select(m => m.Latency.MedianMs));
            string budgetOrigin = settings.BudgetMs is null
                ? $"median of the {measured.Count} signature latencies measured on this machine"
                : "--budget-ms";

            var optimizer = new Wire.Optimizer.OptimizerClient(invoker);
            var front = await ParetoAsync(optimizer, device.Id, budget, ct);
            var answer = await OptimizeAsync(optimizer, device.Id, budget, ct);
            var chosen = answer.Designs[0];
            if (chosen.OnnxModel.IsEmpty) throw new QuickstartException("the optimizer answered without the ONNX model of the design");

            Directory.CreateDirectory(output);
            string modelPath = Path.Combine(output, ModelFile);
            await File.WriteAllBytesAsync(modelPath, chosen.OnnxModel.ToByteArray(), ct);
            var described = await fleet.GetDeviceAsync(new Wire.GetDeviceRequest { DeviceId = device.Id }, deadline: Deadline(), cancellationToken: ct);
            var devices = (await fleet.ListDevicesAsync(new Wire.ListDevicesRequest { IncludeRetired = true }, deadline: Deadline(), cancellationToken: ct)).Devices;
            string dataset = settings.Dataset.Length > 0 ? settings.Dataset
                : app.Services.GetRequiredService<IAccuracyModels>().DefaultDataset(settings.Space) ?? "no dataset (capacity proxy)";
            var report = Report(dataset, described, devices, modeled, measured, budget, budgetOrigin, answer, front);
            Status("Writing the report");
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

    private WebApplication BuildServer(string data, FileLoggerProvider log)
    {
        var args = new List<string>();
        if (settings.ModelsDirectory is { } models) args.Add($"--EdgeOpt:Optimizer:ModelsDirectory={Path.GetFullPath(models)}");
        return EdgeOptServer.BuildApp(args.ToArray(), o =>
        {
            o.ListenUrl = "http://127.0.0.1:0";
            o.DataDirectory = data;
            if (settings.ModelsDirectory is { } folder) o.ModelsDirectory = Path.GetFullPath(folder);
            // Trained here only when no pretrained predictor exists: the quick method.
            o.PredictorMethod ??= "ridge";
            o.Benchmark.MaxSeconds = settings.BenchmarkSeconds;
            o.Benchmark.MeasureEnergy = false;
        }, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(log);
        });
    }

    private ImportPlan? LoadReplay()
    {
        if (settings.Replay is not { } path) return null;
        if (!File.Exists(path))
            throw new QuickstartException($"--replay: '{path}' does not exist; give a recording in the import format (for example ../shared/data/nb201/latency.csv) or leave --replay out");
        Status($"Reading the recording {path}");
        var plan = ImportPlan.Load(path, settings.Space);
        var devices = settings.ReplayDevices.Count > 0 ? settings.ReplayDevices : plan.Columns.Take(3).Select(c => c.Device).ToList();
        try
        {
            return plan.WithDevices(devices, "--replay-devices");
        }
        catch (ArgumentException e)
        {
            throw new QuickstartException(e.Message);
        }
    }

    /// <summary>A seeded sample of <see cref="QuickstartSettings.ReplayRows"/> architectures measured on every replay device.</summary>
    private Func<string, bool> Sample(ImportPlan plan)
    {
        var common = plan.Columns.Select(c => c.Cells.Select(x => x.Arch).ToHashSet(StringComparer.Ordinal))
            .Aggregate((a, b) => { a.IntersectWith(b); return a; })
            .Order(StringComparer.Ordinal)
            .ToArray();
        new Random(settings.Seed).Shuffle(common);
        var chosen = common.Take(settings.ReplayRows).ToHashSet(StringComparer.Ordinal);
        return chosen.Contains;
    }

    private async Task<IReadOnlyList<string>> ImportReplayAsync(
        Wire.Fleet.FleetClient fleet, Uri server, ImportPlan plan, string pass, Func<string, bool> include, bool skipStored, CancellationToken ct)
    {
        var ids = new List<string>();
        await console.Status().StartAsync($"Enrolling replay devices {string.Join(", ", plan.Columns.Select(c => c.Device))} from {plan.SourceName} ({pass})", async _ =>
        {
            var importer = new MeasurementImporter(fleet, server, CallTimeout)
            {
                Include = include,
                Pass = pass,
                SkipStored = skipStored,
                DeviceDone = r => ids.Add(r.DeviceId),
            };
            var results = await importer.ImportAsync(plan, ct);
            Done($"replay devices ({pass}): " + string.Join(", ", results.Select(r => $"{r.Device} {r.Accepted + r.Duplicates} measurements")));
        });
        return ids;
    }

    private async Task EnsurePredictorAsync(PredictorCatalog catalog, Wire.Predictor.PredictorClient predictor, IReadOnlyList<string> replayIds, CancellationToken ct)
    {
        if (catalog.LatestRecord(settings.Space) is { } existing)
        {
            Done($"latency predictor {existing.PredictorId} v{existing.Version} ({existing.Method}, {existing.Origin}, {existing.Devices.Length} devices)");
            return;
        }
        if (replayIds.Count == 0)
            throw new QuickstartException(
                $"no pretrained {settings.Space} latency predictor: none under {settings.ModelsDirectory ?? Path.Combine(AppContext.BaseDirectory, "models")}. " +
                $"Train one with `edgeopt train --space {settings.Space} --train ../shared/data/{settings.Space}/latency.csv --out models` " +
                "(then rebuild, or point --models at that folder), " +
                "or give --replay <recording in the import format> so quickstart trains one on the replay devices");
        await console.Status().StartAsync($"No pretrained {settings.Space} predictor: training one on the replay devices", async status =>
        {
            var request = new Wire.TrainRequest { Space = settings.Space, Target = Wire.Metric.Latency, Seed = settings.Seed };
            request.DeviceIds.Add(replayIds);
            using var call = predictor.Train(request, deadline: DateTime.UtcNow.AddMinutes(10), cancellationToken: ct);
            while (await call.ResponseStream.MoveNext(ct))
            {
                var progress = call.ResponseStream.Current;
                status.Status($"Training the {settings.Space} predictor on the replay devices: {progress.Stage} ({progress.Fraction:P0})");
                if (progress.Card is { } card) Done($"trained latency predictor {card.PredictorId} v{card.Version} ({card.Method}) on {card.TrainingRows} rows");
            }
        });
        _notes.Add($"No pretrained {settings.Space} latency predictor was found; quickstart trained one on the replay devices.");
    }

    private async Task<(Wire.Device Device, string AgentToken)> LocalDeviceAsync(Wire.Fleet.FleetClient fleet, Uri server, CancellationToken ct)
    {
        var devices = (await fleet.ListDevicesAsync(new Wire.ListDevicesRequest(), deadline: Deadline(), cancellationToken: ct)).Devices;
        Wire.Device device;
        string token;
        if (devices.FirstOrDefault(d => d.Name == settings.DeviceName) is { } existing)
        {
            device = existing;
            token = (await fleet.IssueTokenAsync(new Wire.IssueTokenRequest { Role = Wire.Role.Agent, DeviceId = existing.Id, Label = "quickstart" },
                deadline: Deadline(), cancellationToken: ct)).Token;
            Done($"this machine is device {device.Id} ({device.Name}) from an earlier run");
        }
        else
        {
            var request = new Wire.RegisterDeviceRequest { Name = settings.DeviceName, Description = new Wire.DeviceDescription() };
            request.Description.Labels["source"] = "quickstart";
            request.Spaces.Add(settings.Space);
            var registered = await fleet.RegisterDeviceAsync(request, deadline: Deadline(), cancellationToken: ct);
            (device, token) = (registered.Device, registered.AgentToken);
            Done($"registered this machine as device {device.Id} ({device.Name})");
        }
        // Enrolling now queues the signature set, so replay devices can be given its architectures before it is measured.
        using var channel = GrpcChannel.ForAddress(server);
        var agent = new Wire.Agent.AgentClient(channel.Intercept(FleetConnection.BearerToken(token)));
        await agent.EnrollAsync(new Wire.EnrollRequest { AgentVersion = AgentWorker.AgentVersion, Mode = "measure" }, deadline: Deadline(), cancellationToken: ct);
        return (device, token);
    }

    private async Task<HashSet<string>> SignatureArchsAsync(Wire.Fleet.FleetClient fleet, string deviceId, CancellationToken ct) =>
        (await SignatureJobsAsync(fleet, deviceId, ct)).Select(j => j.Design.Arch).ToHashSet(StringComparer.Ordinal);

    private async Task<List<Wire.Job>> SignatureJobsAsync(Wire.Fleet.FleetClient fleet, string deviceId, CancellationToken ct) =>
        (await fleet.ListJobsAsync(new Wire.ListJobsRequest { DeviceId = deviceId }, deadline: Deadline(), cancellationToken: ct)).Jobs
            .Where(j => j.Purpose == Wire.JobPurpose.Signature && j.Design?.Space == settings.Space)
            .ToList();

    private async Task MeasureSignatureAsync(Wire.Fleet.FleetClient fleet, string deviceId, Task<int> agent, CancellationToken ct)
    {
        var jobs = await SignatureJobsAsync(fleet, deviceId, ct);
        if (jobs.Count == 0) throw new QuickstartException($"the server queued no {settings.Space} signature jobs for this machine");
        var deadline = DateTime.UtcNow + SignatureTimeout;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Measuring {jobs.Count} signature architectures on this machine", maxValue: jobs.Count);
                while (true)
                {
                    jobs = await SignatureJobsAsync(fleet, deviceId, ct);
                    int done = jobs.Count(j => j.State == Wire.JobState.Done);
                    task.Value = done;
                    var failed = jobs.Where(j => j.State == Wire.JobState.Failed).ToList();
                    if (failed.Count > 0)
                        throw new QuickstartException(
                            $"{failed.Count} signature benchmark(s) failed on this machine (first: {failed[0].Design.Arch}); see {ServerLogFile} in the data folder");
                    if (done == jobs.Count) break;
                    if (agent.IsCompleted)
                        throw new QuickstartException($"the local agent stopped (exit code {(agent.IsCompletedSuccessfully ? agent.Result : -1)}) before the signature set was measured");
                    if (DateTime.UtcNow > deadline)
                        throw new QuickstartException($"the signature set was not measured within {SignatureTimeout.TotalMinutes:0} minutes ({done} of {jobs.Count})");
                    await Task.Delay(250, ct);
                }
            });
        Done($"measured {jobs.Count} signature architectures on this machine");
    }

    private static Func<string, string> NamesOf(Wire.Fleet.FleetClient fleet) => id =>
        fleet.GetDevice(new Wire.GetDeviceRequest { DeviceId = id }, deadline: Deadline()).Name;

    private async Task<Server.Domain.DeviceModelRecord> WaitForModelAsync(IFleetStore store, string deviceId, Func<string, string> name, CancellationToken ct)
    {
        Server.Domain.DeviceModelRecord? record = null;
        await console.Status().StartAsync("The server is building this machine's latency predictor", async _ =>
        {
            var deadline = DateTime.UtcNow + ModelingTimeout;
            while ((record = store.Predictors.FindDeviceModel(deviceId, settings.Space)) is null)
            {
                if (DateTime.UtcNow > deadline)
                    throw new QuickstartException($"the server did not model this machine within {ModelingTimeout.TotalMinutes:0} minutes; see {ServerLogFile} in the data folder");
                await Task.Delay(250, ct);
            }
        });
        Done($"this machine is modeled: {record!.Decision}{(record.Proxy.Length > 0 ? $" (proxy {name(record.Proxy)})" : "")}, predictor {record.PredictorId} v{record.PredictorVersion}");
        return record;
    }

    private async Task<List<Wire.Measurement>> MeasurementsAsync(Wire.Fleet.FleetClient fleet, string deviceId, CancellationToken ct)
    {
        var signature = await SignatureArchsAsync(fleet, deviceId, ct);
        var list = new List<Wire.Measurement>();
        using var call = fleet.ListMeasurements(new Wire.ListMeasurementsRequest { DeviceId = deviceId, Space = settings.Space }, deadline: Deadline(), cancellationToken: ct);
        while (await call.ResponseStream.MoveNext(ct))
        {
            var m = call.ResponseStream.Current;
            if (signature.Contains(m.Design.Arch) && m.Design.Precisions.All(p => p == Wire.Precision.Fp32)) list.Add(m);
        }
        return list;
    }

    private async Task<IReadOnlyList<Wire.DesignResult>> ParetoAsync(Wire.Optimizer.OptimizerClient optimizer, string deviceId, double budget, CancellationToken ct)
    {
        var request = Request(deviceId, budget * 4);
        request.Pareto = true;
        try
        {
            Wire.OptimizeResponse? response = null;
            await console.Status().StartAsync("Predicting the Pareto front (accuracy against latency)", async _ =>
                response = await optimizer.OptimizeAsync(request, deadline: DateTime.UtcNow.AddMinutes(5), cancellationToken: ct));
            Done($"Pareto front: {response!.Designs.Count} designs");
            return response.Designs;
        }
        catch (RpcException e) when (e.StatusCode is not StatusCode.Cancelled)
        {
            _notes.Add($"No Pareto front: the optimizer answered {e.StatusCode}: {e.Status.Detail}");
            return [];
        }
    }

    private async Task<Wire.OptimizeResponse> OptimizeAsync(Wire.Optimizer.OptimizerClient optimizer, string deviceId, double budget, CancellationToken ct)
    {
        var request = Request(deviceId, budget);
        request.VerifyOnDevice = true;
        request.IncludeOnnx = true;
        Wire.OptimizeResponse? result = null;
        await console.Status().StartAsync($"Optimizing for this machine under {budget.ToString("0.###", CultureInfo.InvariantCulture)} ms", async status =>
        {
            using var call = optimizer.OptimizeStream(request, deadline: DateTime.UtcNow.AddMinutes(15), cancellationToken: ct);
            while (await call.ResponseStream.MoveNext(ct))
            {
                var progress = call.ResponseStream.Current;
                status.Status($"Optimizing for this machine: {progress.Stage}{(progress.Stage == "verification" ? " (benchmarking the design here)" : "")}");
                if (progress.Result is { } r) result = r;
            }
        });
        if (result is null || result.Designs.Count == 0) throw new QuickstartException("the optimizer finished without a design");
        Done($"chosen by {result.Optimizer}: {result.Designs[0].Design.Arch}");
        return result;
    }

    private Wire.OptimizeRequest Request(string deviceId, double budget) => new()
    {
        Device = new Wire.DeviceRef { DeviceId = deviceId },
        Space = settings.Space,
        Budgets = new Wire.Budgets { LatencyMs = budget },
        Objective = new Wire.Objective { AccuracyWeight = 1, AccuracyDataset = settings.Dataset },
        Seed = settings.Seed,
    };

    private QuickstartReport Report(
        string dataset, Wire.Device device, IReadOnlyList<Wire.Device> fleet, Server.Domain.DeviceModelRecord modeled, IReadOnlyList<Wire.Measurement> signature,
        double budget, string budgetOrigin, Wire.OptimizeResponse answer, IReadOnlyList<Wire.DesignResult> front)
    {
        var chosen = answer.Designs[0];
        string Key(Wire.Design d) => d.Arch + "|" + string.Join("-", d.Precisions);
        string Text(Wire.Design d) => d.Precisions.All(p => p == Wire.Precision.Fp32) ? d.Arch : $"{d.Arch} [{Precisions(d)}]";
        var points = front.Select(d => new ParetoPoint(Text(d.Design), d.LatencyMs.Value, d.Accuracy.Value, Key(d.Design) == Key(chosen.Design))).ToList();
        if (!points.Any(p => p.Chosen)) points.Add(new ParetoPoint(Text(chosen.Design), chosen.LatencyMs.Value, chosen.Accuracy.Value, true));
        var better = points.FirstOrDefault(p => !p.Chosen && p.LatencyMs <= budget
            && p.LatencyMs <= chosen.LatencyMs.Value && p.Accuracy > chosen.Accuracy.Value);
        if (better is not null)
            _notes.Add(FormattableString.Invariant(
                $"The chosen design is not on the predicted front: {better.Design} is predicted faster ({better.LatencyMs:0.###} ms) and more accurate ({better.Accuracy:0.##} %), but the optimizer needs a fit under the budget with its confidence and the chosen design's fit is surer (fit confidence {chosen.FitConfidence:0.###}{(chosen.VerifiedLatency is null ? "" : ", measured on this machine")})."));

        var metrics = new List<ReportMetric>
        {
            new("latency", "ms", Figure(chosen.LatencyMs),
                chosen.VerifiedLatency is { } v ? new ReportFigure(v.MedianMs, "measured", Source: $"median of {v.Runs} runs on this machine") : null),
            new("accuracy", "%", Figure(chosen.Accuracy), null),
        };
        if (chosen.EnergyMj is { } energy) metrics.Add(new ReportMetric("energy", "mJ", Figure(energy), null));

        var names = fleet.ToDictionary(d => d.Id, d => d.Name);
        var d = device.Description;
        string machine = string.Join(", ", new[]
        {
            d.CpuModel, d.CpuCores > 0 ? $"{d.CpuCores} cores" : "", d.Os, d.Architecture,
            d.ExecutionProviders.Count > 0 ? "ONNX Runtime " + string.Join("/", d.ExecutionProviders) : "",
        }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new QuickstartReport(
            DeviceName: device.Name,
            DeviceId: device.Id,
            Machine: machine,
            Space: settings.Space,
            Dataset: dataset,
            Design: chosen.Design.Arch,
            Precisions: chosen.Design.Precisions.Count > 0 ? chosen.Design.Precisions.Select(Name).ToList() : ["fp32"],
            BudgetMs: budget,
            BudgetOrigin: budgetOrigin,
            Optimizer: answer.Optimizer,
            PredictorId: answer.PredictorId,
            Metrics: metrics,
            Proxy: Evidence(modeled, names),
            Signature: signature.Select(m => new SignatureMeasurement(m.Design.Arch, m.Latency.MedianMs, ProvenanceName(m.Provenance))).ToList(),
            Front: points,
            Notes: [.. _notes, .. answer.Notes],
            CreatedUtc: DateTimeOffset.UtcNow,
            Command: settings.Command);
    }

    internal static ProxyEvidence Evidence(Server.Domain.DeviceModelRecord record, IReadOnlyDictionary<string, string> names)
    {
        string Named(string id) => names.TryGetValue(id, out var name) ? name : id;
        if (record.EvidenceJson.Length == 0)
            return new ProxyEvidence(record.Decision, "", null, null, [],
                $"No device of the fleet had enough {record.Space} measurements to act as a proxy, so the server adapted its cross-device " +
                $"predictor {record.PredictorId} v{record.PredictorVersion} to this machine's {record.Observations} measurements.");
        var decision = ProxyDecision.FromJson(record.EvidenceJson);
        var candidates = decision.Candidates
            .Select(c => new ProxyCandidate(Named(c.Device), c.Points, c.Spearman.Estimate, c.Spearman.Lower, c.Spearman.Upper))
            .ToList();
        var best = decision.ProxyEstimate;
        string verdict = decision.Decision == ProxyDecisionKind.Reuse
            ? "it clears the bar, so its latencies are reused through a calibration"
            : "it does not clear the bar, so the proxy's latencies are adapted with a per-operator correction fitted here";
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"On {decision.Measured} measurements of this machine ({decision.Rounds} round(s)), {Named(decision.Proxy)} ranks the architectures most like it: " +
            $"Spearman {best.Spearman.Estimate:0.###}, {decision.Confidence:P0} interval [{best.Spearman.Lower:0.###}, {best.Spearman.Upper:0.###}]; " +
            $"reuse needs the lower bound at or above {decision.Threshold:0.###}: {verdict}.");
        return new ProxyEvidence(record.Decision, Named(decision.Proxy), decision.Threshold, decision.Confidence, candidates, summary);
    }

    private static ReportFigure? Figure(Wire.Figure? f) => f is null ? null : new ReportFigure(
        f.Value, ProvenanceName(f.Provenance), f.HasLower ? f.Lower : null, f.HasUpper ? f.Upper : null, f.Source);

    private static string ProvenanceName(Wire.Provenance p) => p switch
    {
        Wire.Provenance.Measured => "measured",
        Wire.Provenance.Replayed => "replayed",
        Wire.Provenance.Predicted => "predicted",
        Wire.Provenance.Estimated => "estimated",
        _ => "unspecified",
    };

    private static string Name(Wire.Precision p) => p switch
    {
        Wire.Precision.Fp16 => "fp16",
        Wire.Precision.Int8 => "int8",
        _ => "fp32",
    };

    private static string Precisions(Wire.Design d) => string.Join("-", d.Precisions.Select(Name));

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new QuickstartException("this machine has no signature measurements to set the budget from; give --budget-ms");
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private void Status(string text) => console.MarkupLineInterpolated($"[grey]>[/] {text}");

    private void Done(string text) => console.MarkupLineInterpolated($"[green]✓[/] {text}");

    private static DateTime Deadline() => DateTime.UtcNow + CallTimeout;
}
