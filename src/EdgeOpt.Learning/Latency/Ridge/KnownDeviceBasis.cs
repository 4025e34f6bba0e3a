using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Latency.Ridge;

/// <summary>
/// Describes an architecture by its log-costs on the known devices, each standardized over the device's measured
/// architectures. A cell the device was not measured on is filled in by that device's
/// <see cref="AdditiveLogModel"/>.
/// </summary>
internal sealed class KnownDeviceBasis
{
    private readonly Dictionary<Architecture, int> _rows;
    private readonly Architecture[] _rowOrder;
    private readonly double[][] _standardized; // [device][row], NaN where not measured
    private readonly double[] _means;
    private readonly double[] _scales;
    private readonly AdditiveLogModel[] _fallbacks;

    public KnownDeviceBasis(LatencyTrainingData data, ArchitectureFeaturizer featurizer)
    {
        var devices = data.Devices;
        Count = devices.Count;
        _rows = new Dictionary<Architecture, int>(data.Architectures.Count);
        _rowOrder = data.Architectures.ToArray();
        for (var r = 0; r < data.Architectures.Count; r++) _rows[data.Architectures[r]] = r;
        _standardized = new double[Count][];
        _means = new double[Count];
        _scales = new double[Count];
        _fallbacks = new AdditiveLogModel[Count];
        for (var d = 0; d < Count; d++)
        {
            var logs = data.LogColumn(devices[d]);
            var measured = Enumerable.Range(0, logs.Length).Where(r => !double.IsNaN(logs[r])).ToArray();
            if (measured.Length < 2)
                throw new ArgumentException($"known device '{devices[d]}' has {measured.Length} measured architectures; at least 2 are needed");
            var values = measured.Select(r => logs[r]).ToArray();
            _means[d] = values.Average();
            var variance = values.Sum(v => (v - _means[d]) * (v - _means[d])) / (values.Length - 1);
            _scales[d] = Math.Sqrt(Math.Max(variance, 1e-12));
            _standardized[d] = logs.Select(v => double.IsNaN(v) ? double.NaN : (v - _means[d]) / _scales[d]).ToArray();
            _fallbacks[d] = AdditiveLogModel.Fit(featurizer, measured.Select(r => data.Architectures[r]).ToArray(), values);
        }
    }

    private KnownDeviceBasis(IReadOnlyList<Architecture> rows, double[][] standardized, double[] means, double[] scales, AdditiveLogModel[] fallbacks)
    {
        Count = means.Length;
        _rows = new Dictionary<Architecture, int>(rows.Count);
        _rowOrder = rows.ToArray();
        for (var r = 0; r < rows.Count; r++) _rows[rows[r]] = r;
        _standardized = standardized;
        _means = means;
        _scales = scales;
        _fallbacks = fallbacks;
    }

    /// <summary>A basis with the state another one exposed (<see cref="Rows"/>, <see cref="Standardized"/>, ...); for persistence.</summary>
    internal static KnownDeviceBasis Restore(
        IReadOnlyList<Architecture> rows, double[][] standardized, double[] means, double[] scales, AdditiveLogModel[] fallbacks)
    {
        var count = means.Length;
        if (standardized.Length != count || scales.Length != count || fallbacks.Length != count)
            throw new ArgumentException("standardized columns, means, scales and fallbacks must have one entry per device");
        if (standardized.Any(column => column.Length != rows.Count))
            throw new ArgumentException($"every standardized column must have {rows.Count} rows", nameof(standardized));
        return new KnownDeviceBasis(rows, standardized, means, scales, fallbacks);
    }

    /// <summary>The training architectures, in row order.</summary>
    internal IReadOnlyList<Architecture> Rows => _rowOrder;

    /// <summary>Per device, standardized log-costs by row (NaN where not measured).</summary>
    internal IReadOnlyList<double[]> Standardized => _standardized;

    internal IReadOnlyList<double> Means => _means;

    internal IReadOnlyList<double> Scales => _scales;

    internal IReadOnlyList<AdditiveLogModel> Fallbacks => _fallbacks;

    public int Count { get; }

    /// <summary>Standardized log-costs of the architecture on every known device.</summary>
    public double[] Of(Architecture architecture)
    {
        var z = new double[Count];
        var row = _rows.TryGetValue(architecture, out var r) ? r : -1;
        for (var d = 0; d < Count; d++)
        {
            var value = row >= 0 ? _standardized[d][row] : double.NaN;
            z[d] = double.IsNaN(value) ? (_fallbacks[d].Predict(architecture) - _means[d]) / _scales[d] : value;
        }
        return z;
    }
}
