using System.Diagnostics;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Evaluation;

/// <summary>
/// The latency evaluation behind <c>edgeopt eval latency</c>: train a method on the known devices (never on a
/// test device: a test device's name is removed from the training devices), then on each test device let the
/// method choose and read K cells, adapt, predict every other measurable architecture and score the predictions.
/// </summary>
public static class LatencyEvaluation
{
    public static LatencyEvaluationReport Run(
        ILatencyPredictorTrainer trainer, LatencyEvaluationSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(setup);
        var clock = Stopwatch.StartNew();
        var space = setup.Space;
        if (setup.Samples < 1)
            throw new ArgumentOutOfRangeException(nameof(setup), setup.Samples, "samples: at least 1 measurement per test device");
        CheckSpace(setup.Test, space, "test");
        var testDevices = Resolve(setup.Test, setup.TestDevices, "test");
        if (testDevices.Count == 0) throw new ArgumentException("the test table has no device column", nameof(setup));
        var trainDevices = TrainDevices(setup, testDevices);

        var training = setup.Train is null || trainDevices.Count == 0
            ? LatencyTrainingData.None(space)
            : LatencyTrainingData.From(setup.Train, space, trainDevices, setup.TrainSamples, setup.Seed);
        var model = trainer.Fit(training, cancellationToken);
        var trainSeconds = clock.Elapsed.TotalSeconds;

        var architectures = Parse(setup.Test, space);
        var results = new List<LatencyDeviceResult>(testDevices.Count);
        foreach (var device in testDevices)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(EvaluateDevice(model, device, setup.Test.Column(device), architectures, setup.Samples));
        }
        return new LatencyEvaluationReport(
            space.Id, setup.Samples, trainer.Name, setup.Seed, setup.Target, trainDevices, results,
            LatencyMetrics.Mean(results.Select(r => r.Metrics).ToArray()), trainSeconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Scores one device: the model chooses and reads up to <paramref name="samples"/> cells, then predicts the rest.</summary>
    public static LatencyDeviceResult EvaluateDevice(
        ILatencyModel model, string device, IReadOnlyList<double?> column, IReadOnlyList<Architecture> architectures, int samples)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rows = Enumerable.Range(0, column.Count).Where(r => column[r] is > 0).ToArray();
        if (rows.Length < samples + 2)
            throw new ArgumentException(
                $"test device '{device}' has {rows.Length} measured architectures; {samples} measurements and scoring need at least {samples + 2}");
        var session = new DeviceMeasurementSession(
            device, rows.Select(r => architectures[r]).ToArray(), rows.Select(r => column[r]!.Value).ToArray(), samples);
        session.MeasureWith(model);
        if (session.Measured == 0)
            throw new InvalidOperationException($"method '{model.Method}' took no measurement on device '{device}'");

        var clock = Stopwatch.StartNew();
        var predictor = model.Adapt(session.Observations);
        var adaptMs = clock.Elapsed.TotalMilliseconds;

        var scored = Enumerable.Range(0, rows.Length).Where(i => !session.WasMeasured(i)).ToArray();
        var targets = scored.Select(i => session.Candidates[i]).ToArray();
        var cpu = Environment.CpuUsage.TotalTime;
        clock.Restart();
        var predictions = predictor.Predict(targets);
        var predictMs = clock.Elapsed.TotalMilliseconds;
        var predictCpuMs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds;

        var actual = scored.Select(session.ValueForScoring).ToArray();
        var metrics = LatencyMetrics.Of(
            predictions.Select(p => p.Value).ToArray(), actual, predictions.Select(p => p.Interval(0.9)).ToArray());
        var measured = session.Observations.Select(o => model.Space.Format(o.Architecture)).ToArray();
        return new LatencyDeviceResult(device, metrics, session.Measured, scored.Length, measured, adaptMs, predictMs, predictCpuMs);
    }

    /// <summary>The table's architectures, parsed; errors name the row.</summary>
    public static Architecture[] Parse(MeasurementTable table, ISearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(table);
        var parsed = new Architecture[table.RowCount];
        for (var row = 0; row < parsed.Length; row++)
        {
            if (!space.TryParse(table.Architectures[row], out var architecture, out var error))
                throw new ArgumentException($"row {row}: '{table.Architectures[row]}' is not a '{space.Id}' architecture: {error}");
            parsed[row] = architecture!;
        }
        return parsed;
    }

    /// <summary>
    /// The devices the method may learn from: the requested (or all) training devices minus every test device.
    /// </summary>
    public static IReadOnlyList<string> TrainDevices(LatencyEvaluationSetup setup, IReadOnlyList<string> testDevices)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.Train is null)
        {
            if (setup.TrainDevices is { Count: > 0 })
                throw new ArgumentException("train devices were given without a training table");
            return [];
        }
        CheckSpace(setup.Train, setup.Space, "training");
        var excluded = new HashSet<string>(testDevices, StringComparer.Ordinal);
        return Resolve(setup.Train, setup.TrainDevices, "training").Where(d => !excluded.Contains(d)).ToArray();
    }

    private static IReadOnlyList<string> Resolve(MeasurementTable table, IReadOnlyList<string>? requested, string role)
    {
        if (requested is null) return table.Devices;
        var missing = requested.Where(d => !table.HasDevice(d)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException(
                $"{role} device(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} not in the {role} table; available: {string.Join(", ", table.Devices)}");
        var duplicate = requested.GroupBy(d => d, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"{role} device '{duplicate.Key}' is listed twice");
        return requested;
    }

    private static void CheckSpace(MeasurementTable table, ISearchSpace space, string role)
    {
        if (table.SpaceId != space.Id)
            throw new ArgumentException($"the {role} table holds search space '{table.SpaceId}', the evaluation is for '{space.Id}'");
    }
}
