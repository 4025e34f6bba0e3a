using System.Diagnostics;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Certification;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Learning.Optimization.Verification;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Jobs;
using EdgeOpt.Server.Predictors;
using EdgeOpt.Server.Storage;
using Microsoft.Extensions.Options;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Optimization;

/// <summary>Progress of one optimization: fraction done (0..1) and stage ("predictor", "search", "certification", "verification", "onnx").</summary>
public delegate Task OptimizeProgressSink(double fraction, string stage);

/// <summary>
/// Answers an Optimize request: the device's latency predictor (<see cref="IDevicePredictors"/>), the accuracy source
/// (<see cref="IAccuracyModels"/>), the Learning optimizers and their certification unchanged, optional verification
/// on the device's agent (<see cref="VerifiedOptimizer"/> over a <see cref="JobDesignVerifier"/>), and the ONNX bytes.
/// </summary>
public sealed class DesignOptimization(
    IDevicePredictors predictors,
    DeviceEnergyPredictors energies,
    IAccuracyModels accuracyModels,
    IFleetStore store,
    IJobScheduler scheduler,
    DeviceSignals signals,
    AgentPresence agents,
    OptimizerChoice choice,
    OnnxExport onnx,
    IOptions<OptimizerServiceOptions> options,
    ILogger<DesignOptimization> logger)
{
    public async Task<Wire.OptimizeResponse> RunAsync(Wire.OptimizeRequest request, OptimizeProgressSink? progress, CancellationToken cancellationToken)
    {
        progress ??= (_, _) => Task.CompletedTask;
        var clock = Stopwatch.StartNew();
        var order = OptimizeRequestReader.Read(request);
        var settings = options.Value;
        CheckDevice(order);

        await progress(0.05, "predictor").ConfigureAwait(false);
        var predictor = order.DeviceId is { } deviceId
            ? await predictors.ForDeviceAsync(deviceId, order.Space.Id, cancellationToken).ConfigureAwait(false)
            : await predictors.ForFeaturesAsync(order.Space.Id, order.Features!, cancellationToken).ConfigureAwait(false);
        var notes = new List<string>
        {
            $"latency: predictor {predictor.PredictorId} v{predictor.Version} ({predictor.Source}, {predictor.Decision}), adapted to {predictor.Observations.Count} measurement(s) of {order.DeviceLabel}",
        };
        var energy = await EnergyFor(order, cancellationToken).ConfigureAwait(false);
        if (energy is not null) notes.Add($"energy: {energy.Source}");
        var accuracy = AccuracyFor(order, notes);
        var problem = Problem(order, predictor, energy, accuracy,
            settings.Confidence ?? VerifiedOptimizer.DefaultConfidence(order.VerifyOnDevice ? settings.MaxVerifications : 0));
        var (optimizer, optimizerNote) = choice.Choose(order.Method, problem);
        notes.Add(optimizerNote);

        await progress(0.2, "search").ConfigureAwait(false);
        OptimizationResult result;
        JobDesignVerifier? verifier = null;
        var certificationShown = false;
        if (order.VerifyOnDevice)
        {
            // The first benchmark comes after the first certified answer; the stages follow that order.
            verifier = new JobDesignVerifier(scheduler, store, signals, order.DeviceId!, settings.VerificationTimeout, async _ =>
            {
                if (!certificationShown) await progress(0.6, "certification").ConfigureAwait(false);
                certificationShown = true;
                await progress(0.7, "verification").ConfigureAwait(false);
            });
            // The same verifier as `edgeopt eval optimize` measures (confidence ladder, certified fallback).
            var verified = VerifiedOptimizer.Standard(optimizer, settings.MaxVerifications, unmodeledMissRate: settings.UnmodeledMissRate);
            result = await verified.OptimizeAsync(problem, verifier, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Without verification an unmeasured answer must be worth more than the best design measured within budget.
            var unverified = VerifiedOptimizer.Standard(optimizer, 0, unmodeledMissRate: settings.UnmodeledMissRate);
            result = await Task.Run(() => unverified.OptimizeUnverified(problem, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        if (!certificationShown) await progress(0.6, "certification").ConfigureAwait(false);
        notes.Add($"certification: {result.Certification.ToName()}");
        notes.AddRange(result.Notes);
        if (verifier is not null) notes.AddRange(verifier.Notes);

        var latencySource = predictor.Source;
        var quantizationPrior = problem.QuantizationPrior?.Name;
        var designs = Ordered(result);
        var response = new Wire.OptimizeResponse
        {
            Optimizer = result.Optimizer,
            PredictorId = $"{predictor.PredictorId}/v{predictor.Version}",
        };
        foreach (var design in designs)
        {
            var measured = MeasurementOf(order, design.Design, verifier);
            var wire = DesignResultMapping.ToProto(
                design, order.Space, accuracy.Name, accuracy is CapacityAccuracyProxy, quantizationPrior, latencySource, settings.IntervalLevel, order.VerifyOnDevice ? measured : null,
                energy?.Source);
            response.Designs.Add(wire);
        }
        if (verifier is { Measured.Count: 0 } && response.Designs[0].VerifiedLatency is not null)
            notes.Add("verification: the answer had been measured on the device before (its stored measurement is verified_latency); no new benchmark was needed");
        if (order.VerifyOnDevice && response.Designs[0].VerifiedLatency is { } v)
            notes.Add(FormattableString.Invariant(
                $"verified latency of the answer: measured median {v.MedianMs:0.###} ms vs predicted {result.Chosen.LatencyMs:0.###} ms (ratio {v.MedianMs / result.Chosen.LatencyMs:0.###}) against the {order.Budgets.LatencyMs:0.###} ms budget"));

        if (order.IncludeOnnx)
        {
            await progress(0.9, "onnx").ConfigureAwait(false);
            var (bytes, note) = await Task.Run(() => onnx.Generate(result.Chosen.Design, order.Seed), cancellationToken).ConfigureAwait(false);
            response.Designs[0].OnnxModel = Google.Protobuf.ByteString.CopyFrom(bytes);
            if (note is not null) notes.Add(note);
            if (designs.Count > 1) notes.Add("onnx: only the answer (designs[0]) carries its model; ask again with that design's budget for another");
        }
        response.DecisionMs = clock.Elapsed.TotalMilliseconds;
        response.Notes.Add(notes);
        logger.LogInformation("Optimized {Space} for {Device} under {Budget} with {Optimizer}: {Arch} ({Certification}) in {Ms:0} ms",
            order.Space.Id, order.DeviceLabel, order.Budgets, result.Optimizer, response.Designs[0].Design.Arch, result.Certification.ToName(), response.DecisionMs);
        await progress(1.0, "done").ConfigureAwait(false);
        return response;
    }

    private void CheckDevice(OptimizeOrder order)
    {
        if (order.DeviceId is not { } id)
        {
            if (order.VerifyOnDevice)
                throw FleetException.Invalid("verify_on_device needs a registered device (device.device_id) whose agent can run the benchmark; device.features describe none");
            return;
        }
        var device = store.Devices.Find(id) ?? throw FleetException.NotFound($"device.device_id: device '{id}' not found");
        if (device.State == DeviceState.Retired)
            throw FleetException.Precondition($"device.device_id: device '{id}' is retired");
        if (order.VerifyOnDevice && !agents.IsConnected(id))
            throw FleetException.Precondition(
                $"verify_on_device: device '{id}' has no connected agent to run the verification benchmark; start its agent (edgeopt-agent) or leave verify_on_device off");
    }

    private IAccuracySource AccuracyFor(OptimizeOrder order, List<string> notes)
    {
        var known = accuracyModels.Datasets(order.Space.Id);
        var dataset = order.Dataset ?? accuracyModels.DefaultDataset(order.Space.Id);
        if (dataset is not null && accuracyModels.For(order.Space.Id, dataset) is { } source) return source;
        if (known.Count > 0)
            throw FleetException.Invalid(
                $"objective.accuracy_dataset '{order.Dataset}' has no accuracy model in space '{order.Space.Id}'; allowed: {string.Join(", ", known)} (empty = {known[0]})");
        notes.Add($"accuracy: this server has no accuracy model for {order.Space.Id}; a capacity proxy stands in (an estimate of relative quality, not of any dataset's accuracy)");
        return new CapacityAccuracyProxy(order.Space);
    }

    /// <summary>The device's energy predictor when the budgets or objective involve energy; null otherwise.</summary>
    private async Task<DeviceEnergy?> EnergyFor(OptimizeOrder order, CancellationToken ct)
    {
        if (!order.WantsEnergy) return null;
        if (order.DeviceId is not { } id)
            throw FleetException.Precondition(
                $"{order.EnergyField}: device.features carry latencies only; energy is predicted for a registered device (device.device_id) from its own energy measurements");
        return await energies.ForDeviceAsync(id, order.Space, order.EnergyField, ct).ConfigureAwait(false);
    }

    private OptimizationProblem Problem(OptimizeOrder order, DevicePredictor predictor, DeviceEnergy? energy, IAccuracySource accuracy, double confidence)
    {
        var quantizedMeasurements = order.DeviceId is { } id ? QuantizedMeasurements(id, order.Space) : [];
        var latency = new DesignCostModel(predictor.Latency, quantizedMeasurements, observations => predictor.Model.Adapt(observations));
        var problem = new OptimizationProblem
        {
            Space = order.Space,
            Accuracy = accuracy,
            QuantizationPrior = order.AllowedPrecisions.Any(p => p != Precision.Fp32) ? QuantizationAccuracyPrior.Default(order.Space) : null,
            Latency = latency,
            Energy = energy?.Costs,
            Budgets = order.Budgets,
            Objective = order.Objective,
            AllowedPrecisions = order.AllowedPrecisions,
            Pareto = order.Pareto,
            Seed = order.Seed,
            Confidence = confidence,
        };
        try
        {
            problem.Validate();
        }
        catch (ArgumentException e)
        {
            throw FleetException.Invalid(e.Message);
        }
        return problem;
    }

    /// <summary>The device's stored measurements of non-fp32 designs of the space (medians): they set the precision factors.</summary>
    private DesignObservation[] QuantizedMeasurements(string deviceId, ISearchSpace space) =>
        store.Measurements.List(deviceId, space.Id)
            .Where(m => m.Design.Precisions.Any(p => p != "fp32") && m.Latency.MedianMs > 0)
            .Select(m => new DesignObservation(Parse(space, m.Design), m.Latency.MedianMs))
            .ToArray();

    private static Design Parse(ISearchSpace space, DesignRecord record) =>
        new(space.Parse(record.Arch), new QuantizationPolicy(record.Precisions.Select(PrecisionNames.Parse).ToArray()));

    /// <summary>The answer first, then (for a Pareto request) the rest of the set by increasing predicted latency.</summary>
    private static List<DesignAssessment> Ordered(OptimizationResult result)
    {
        var list = new List<DesignAssessment> { result.Chosen };
        list.AddRange(result.ParetoSet.Where(d => d.Design != result.Chosen.Design).OrderBy(d => d.LatencyMs));
        return list;
    }

    /// <summary>The newest stored measurement of a design on the device (the verifier's own first).</summary>
    private MeasurementRecord? MeasurementOf(OptimizeOrder order, Design design, JobDesignVerifier? verifier)
    {
        if (verifier?.Measured.TryGetValue(design, out var measured) == true) return measured;
        if (order.DeviceId is not { } id) return null;
        var record = order.Space.Format(design.Architecture);
        var precisions = design.Policy.Slots.Select(p => p.ToName()).ToArray();
        return store.Measurements.List(id, order.Space.Id)
            .LastOrDefault(m => m.Design.Arch == record && m.Design.Precisions.AsSpan().SequenceEqual(precisions));
    }
}
