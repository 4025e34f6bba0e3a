using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Optimization.Neural;

/// <summary>
/// A known device as the neural optimizer's training sees it: its latency predictor (the latency model adapted to
/// many of its measurements), with predicted log latencies cached per architecture, its log latencies at the
/// feature architectures and at a reference sample (to place budgets).
/// </summary>
internal sealed class TeacherDevice
{
    private readonly IDeviceLatencyPredictor _predictor;
    private readonly Dictionary<Architecture, double> _cache = new();

    public TeacherDevice(string name, IDeviceLatencyPredictor predictor, IReadOnlyList<Architecture> features, IReadOnlyList<Architecture> reference)
    {
        Name = name;
        _predictor = predictor;
        FeatureLogs = LogLatency(features);
        ReferenceLogs = LogLatency(reference);
    }

    public string Name { get; }

    public double[] FeatureLogs { get; }

    /// <summary>Log latencies of the shared reference architectures, in their order.</summary>
    public double[] ReferenceLogs { get; }

    /// <summary>Predicted ln ms per architecture; one batched call for those not cached.</summary>
    public double[] LogLatency(IReadOnlyList<Architecture> architectures)
    {
        var result = new double[architectures.Count];
        var missing = new List<Architecture>();
        for (var i = 0; i < result.Length; i++)
            if (!_cache.ContainsKey(architectures[i])) missing.Add(architectures[i]);
        if (missing.Count > 0)
        {
            var distinct = missing.Distinct().ToArray();
            var predicted = _predictor.Predict(distinct);
            for (var j = 0; j < distinct.Length; j++) _cache[distinct[j]] = predicted[j].LogMean;
        }
        for (var i = 0; i < result.Length; i++) result[i] = _cache[architectures[i]];
        return result;
    }
}
