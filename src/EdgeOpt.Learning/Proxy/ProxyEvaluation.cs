using System.Diagnostics;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// The proxy evaluation behind <c>edgeopt eval proxy</c>: on each test device, run the <see cref="ProxyWorkflow"/>
/// through a <see cref="DeviceMeasurementSession"/> (every cell read counts; the cap is
/// <see cref="ProxyOptions.MaxSamples"/>), then score its decision and its predictor against the device's hidden
/// column. When the training and test tables are the same object, each test device is evaluated with every other
/// device of the table as the known ones (leave one device out); otherwise the known devices are the training
/// devices minus any test device's name.
/// </summary>
public static class ProxyEvaluation
{
    public const string MethodName = "proxy";

    /// <summary>The method label: "proxy", or "proxy-isotonic" with isotonic calibration.</summary>
    public static string Method(ProxyOptions options) =>
        options.Calibration == ProxyCalibrationKind.Isotonic ? MethodName + "-isotonic" : MethodName;

    public static ProxyEvaluationReport Run(ProxyEvaluationSetup setup, CancellationToken cancellationToken, Action<ProxyDeviceResult>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var clock = Stopwatch.StartNew();
        var data = setup.Data;
        var options = setup.EffectiveOptions.Validate();
        var space = data.Space;
        var train = data.Train ?? throw new ArgumentException("the proxy evaluation needs a training table (--train): the proxies are its devices");
        if (data.Test.SpaceId != space.Id)
            throw new ArgumentException($"the test table holds search space '{data.Test.SpaceId}', the evaluation is for '{space.Id}'");
        var testDevices = TestDevices(data);
        var leaveOneOut = ReferenceEquals(train, data.Test);

        var testArchitectures = LatencyEvaluation.Parse(data.Test, space);
        var trainRowOfTestRow = leaveOneOut ? Enumerable.Range(0, data.Test.RowCount).ToArray() : MapRows(train, space, testArchitectures);
        KnownDeviceLatencies? shared = null;
        var results = new List<ProxyDeviceResult>(testDevices.Count);
        foreach (var device in testDevices)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var known = leaveOneOut ? Known(data, [device], options) : shared ??= Known(data, testDevices, options);
            var result = EvaluateDevice(known, options, device, data.Test.Column(device), testArchitectures, train, trainRowOfTestRow, cancellationToken);
            results.Add(result);
            progress?.Invoke(result);
        }
        return new ProxyEvaluationReport(
            space.Id, options.InitialSamples, Method(options), options.Seed, data.Target, options, leaveOneOut,
            results, ProxyMeans.Of(results), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Runs the workflow on one device's column and scores it.</summary>
    /// <param name="trainRowOfTestRow">For each test row, the training table's row of the same architecture (-1: none).</param>
    public static ProxyDeviceResult EvaluateDevice(
        KnownDeviceLatencies known, ProxyOptions options, string device, IReadOnlyList<double?> column,
        IReadOnlyList<Architecture> architectures, MeasurementTable train, IReadOnlyList<int> trainRowOfTestRow,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(column);
        var rows = Enumerable.Range(0, column.Count).Where(r => column[r] is > 0).ToArray();
        if (rows.Length < options.InitialSamples + 2)
            throw new ArgumentException(
                $"test device '{device}' has {rows.Length} measured architectures; {options.InitialSamples} measurements and scoring need at least {options.InitialSamples + 2}");
        var candidates = rows.Select(r => architectures[r]).ToArray();
        var session = new DeviceMeasurementSession(device, candidates, rows.Select(r => column[r]!.Value).ToArray(), options.MaxSamples);
        var outcome = new ProxyWorkflow(known, options).Run(session, cancellationToken);
        var decision = outcome.Decision;

        // Scoring only from here on: the hidden values are read for the metrics, never by the workflow.
        var truth = Enumerable.Range(0, rows.Length).Select(session.ValueForScoring).ToArray();
        var predicted = outcome.Predictor.Predict(candidates).Select(p => p.LogMean).ToArray();
        var adaptedSrcc = Correlation.Spearman(predicted, truth);
        var proxyColumn = train.Column(decision.Proxy);
        var pairs = rows.Select((r, i) => (Train: trainRowOfTestRow[r], Index: i))
            .Where(p => p.Train >= 0 && proxyColumn[p.Train] is > 0).ToArray();
        var trueSrcc = pairs.Length >= 2
            ? Correlation.Spearman(pairs.Select(p => proxyColumn[p.Train]!.Value).ToArray(), pairs.Select(p => truth[p.Index]).ToArray())
            : double.NaN;
        // The guide's estimated_srcc: the chosen proxy's rank agreement on the first K measurements.
        var first = session.Observations.Take(Math.Min(options.InitialSamples, session.Measured)).ToArray();
        var estimatedSrcc = first.Length >= 2
            ? Correlation.Spearman(first.Select(o => Math.Log(o.Value)).ToArray(), known.LogLatencies(known.IndexOf(decision.Proxy), first.Select(o => o.Architecture).ToArray()))
            : double.NaN;
        return new ProxyDeviceResult(
            device, decision.Proxy, estimatedSrcc, trueSrcc, decision.Decision, adaptedSrcc, session.Measured,
            session.Observations.Select(o => known.Space.Format(o.Architecture)).ToArray(), decision);
    }

    private static KnownDeviceLatencies Known(LatencyEvaluationSetup data, IReadOnlyList<string> excluded, ProxyOptions options)
    {
        var devices = LatencyEvaluation.TrainDevices(data, excluded);
        if (devices.Count == 0)
            throw new ArgumentException($"no known device is left once the test device(s) {string.Join(", ", excluded)} are left out of the training devices");
        return new KnownDeviceLatencies(LatencyTrainingData.From(data.Train!, data.Space, devices, data.TrainSamples, options.Seed), options.Seed);
    }

    private static IReadOnlyList<string> TestDevices(LatencyEvaluationSetup data)
    {
        if (data.TestDevices is null)
        {
            if (data.Test.Devices.Count == 0) throw new ArgumentException("the test table has no device column");
            return data.Test.Devices;
        }
        var missing = data.TestDevices.Where(d => !data.Test.HasDevice(d)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException(
                $"test device(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} not in the test table; available: {string.Join(", ", data.Test.Devices)}");
        var duplicate = data.TestDevices.GroupBy(d => d, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"test device '{duplicate.Key}' is listed twice");
        return data.TestDevices;
    }

    private static int[] MapRows(MeasurementTable train, ISearchSpace space, IReadOnlyList<Architecture> testArchitectures)
    {
        var trainArchitectures = LatencyEvaluation.Parse(train, space);
        var rowOf = new Dictionary<Architecture, int>(trainArchitectures.Length);
        for (var r = 0; r < trainArchitectures.Length; r++) rowOf.TryAdd(trainArchitectures[r], r);
        return testArchitectures.Select(a => rowOf.TryGetValue(a, out var r) ? r : -1).ToArray();
    }
}
