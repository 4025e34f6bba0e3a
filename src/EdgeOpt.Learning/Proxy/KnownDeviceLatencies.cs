using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.PerDevice;

namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// The known devices as proxies: the natural log of a known device's latency for any architecture, which is its
/// measured value when the training table has one and otherwise the prediction of a model fitted on that device's
/// own measurements only (<see cref="PerDeviceLatencyTrainer"/> when it has enough of them, else an additive
/// per-option ridge model). The fallback models are fitted on first use. Thread-safe.
/// </summary>
public sealed class KnownDeviceLatencies
{
    /// <summary>Fewest measurements a known device needs to serve as a proxy.</summary>
    public const int MinimumMeasurements = 3;

    private readonly Dictionary<Architecture, int> _rows;
    private readonly double[][] _logs; // [device][row], NaN where not measured
    private readonly int[] _measuredCounts;
    private readonly double[] _means;
    private readonly double[] _stdDevs;
    private readonly Lazy<Func<IReadOnlyList<Architecture>, double[]>>[] _fallbacks;
    private readonly ArchitectureFeaturizer _featurizer;

    public KnownDeviceLatencies(LatencyTrainingData data, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Devices.Count == 0) throw new ArgumentException("the proxy workflow needs at least one known device; the training data has none", nameof(data));
        Space = data.Space;
        Devices = data.Devices.ToArray();
        _featurizer = new ArchitectureFeaturizer(Space);
        _rows = new Dictionary<Architecture, int>(data.Architectures.Count);
        for (var r = 0; r < data.Architectures.Count; r++) _rows[data.Architectures[r]] = r;
        _logs = Devices.Select(data.LogColumn).ToArray();
        _measuredCounts = _logs.Select(column => column.Count(v => !double.IsNaN(v))).ToArray();
        _means = new double[Devices.Count];
        _stdDevs = new double[Devices.Count];
        for (var d = 0; d < Devices.Count; d++)
        {
            var values = _logs[d].Where(v => !double.IsNaN(v)).ToArray();
            if (values.Length == 0) continue;
            _means[d] = values.Average();
            _stdDevs[d] = Math.Sqrt(values.Sum(v => (v - _means[d]) * (v - _means[d])) / Math.Max(values.Length - 1, 1));
        }
        for (var d = 0; d < Devices.Count; d++)
        {
            if (_measuredCounts[d] < MinimumMeasurements)
                throw new ArgumentException(
                    $"known device '{Devices[d]}' has {_measuredCounts[d]} measured architectures; a proxy needs at least {MinimumMeasurements}", nameof(data));
        }
        _fallbacks = Enumerable.Range(0, Devices.Count)
            .Select(d => new Lazy<Func<IReadOnlyList<Architecture>, double[]>>(() => FitFallback(data, d, seed)))
            .ToArray();
    }

    public ISearchSpace Space { get; }

    public IReadOnlyList<string> Devices { get; }

    /// <summary>Architectures the training table holds a measurement for on the device.</summary>
    public int MeasuredCount(int device) => _measuredCounts[device];

    /// <summary>Mean of the device's measured ln-latencies in the training table.</summary>
    public double LogMean(int device) => _means[device];

    /// <summary>Standard deviation of the device's measured ln-latencies in the training table (0 when constant).</summary>
    public double LogStdDev(int device) => _stdDevs[device];

    /// <summary>Whether the training table holds the device's latency for the architecture.</summary>
    public bool IsMeasured(int device, Architecture architecture) =>
        _rows.TryGetValue(architecture, out var row) && !double.IsNaN(_logs[device][row]);

    /// <summary>Whether every known device has a measurement for the architecture.</summary>
    public bool IsMeasuredOnAll(Architecture architecture)
    {
        if (!_rows.TryGetValue(architecture, out var row)) return false;
        foreach (var column in _logs)
            if (double.IsNaN(column[row])) return false;
        return true;
    }

    /// <summary>ln(latency) of each architecture on the device: measured where possible, else the fallback model's prediction.</summary>
    public double[] LogLatencies(int device, IReadOnlyList<Architecture> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        if ((uint)device >= (uint)Devices.Count)
            throw new ArgumentOutOfRangeException(nameof(device), device, $"known devices are 0..{Devices.Count - 1}");
        var result = new double[architectures.Count];
        List<int>? missing = null;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = _rows.TryGetValue(architectures[i], out var row) ? _logs[device][row] : double.NaN;
            if (double.IsNaN(result[i])) (missing ??= []).Add(i);
        }
        if (missing is not null)
        {
            var predicted = _fallbacks[device].Value(missing.Select(i => architectures[i]).ToArray());
            for (var k = 0; k < missing.Count; k++) result[missing[k]] = predicted[k];
        }
        return result;
    }

    public int IndexOf(string device)
    {
        for (var d = 0; d < Devices.Count; d++)
            if (string.Equals(Devices[d], device, StringComparison.Ordinal)) return d;
        throw new KeyNotFoundException($"'{device}' is not a known device; known: {string.Join(", ", Devices)}");
    }

    private Func<IReadOnlyList<Architecture>, double[]> FitFallback(LatencyTrainingData data, int device, int seed)
    {
        var rows = Enumerable.Range(0, _logs[device].Length).Where(r => !double.IsNaN(_logs[device][r])).ToArray();
        var trees = new PerDeviceLatencyTrainer(Space, new PerDeviceLatencyTrainer.Options { Seed = seed });
        if (rows.Length >= Math.Max(trees.MinimumMeasurements, 30))
        {
            var model = trees.Fit(rows.Select(r => (data.Architectures[r], Math.Exp(_logs[device][r]))).ToArray());
            return architectures => model.PredictMs(architectures).Select(ms => Math.Log(ms)).ToArray();
        }
        var additive = OperatorRidge.Fit(
            rows.Select(_ => new[] { 1.0 }).ToArray(),
            rows.Select(_ => Array.Empty<double>()).ToArray(),
            rows.Select(r => _featurizer.ActiveIndices(data.Architectures[r])).ToArray(),
            _featurizer.OneHotLength,
            rows.Select(r => _logs[device][r]).ToArray());
        return architectures => architectures.Select(a => additive.Predict([1.0], [], _featurizer.ActiveIndices(a))).ToArray();
    }
}
