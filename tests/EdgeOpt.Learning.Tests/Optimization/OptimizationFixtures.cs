using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Learning.Tests.TestSupport;

namespace EdgeOpt.Learning.Tests.Optimization;

/// <summary>A device whose log-normal latency prediction is a known function (median and spread) of the architecture.</summary>
internal sealed class FunctionPredictor(Func<Architecture, double> medianMs, Func<Architecture, double> spread, IReadOnlyList<LatencyObservation>? observations = null)
    : IDeviceLatencyPredictor
{
    public IReadOnlyList<LatencyObservation> Observations { get; } = observations ?? [];

    public int Calls { get; private set; }

    public LatencyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
    {
        Calls++;
        return architectures.Select(a => new LatencyPrediction(Math.Log(medianMs(a)), spread(a))).ToArray();
    }
}

/// <summary>An accuracy that is a known function of the architecture (estimated, whole space).</summary>
internal sealed class FunctionAccuracy(ISearchSpace space, Func<Architecture, double> top1) : IAccuracySource
{
    public string Name => "synthetic";

    public ISearchSpace Space => space;

    public AccuracyProvenance Provenance => AccuracyProvenance.Estimated;

    public IReadOnlyList<Architecture>? Architectures => null;

    public AccuracyPrediction[] Predict(IReadOnlyList<Architecture> architectures) =>
        architectures.Select(a => { var v = top1(a); return new AccuracyPrediction(v, v - 1, v + 1); }).ToArray();
}

/// <summary>Synthetic NAS-Bench-201 problems whose optimum can be found by plain enumeration in the test.</summary>
internal static class OptimizationFixtures
{
    public static Nb201Space Space => SearchSpaces.Nb201;

    /// <summary>40 + per edge: none 0, skip 2, conv1x1 4, conv3x3 6, pool 1 points, each times (1 + 0.013 x edge index): few ties.</summary>
    public static double Nb201Accuracy(Architecture architecture)
    {
        double[] gain = [0, 2, 4, 6, 1];
        var total = 40.0;
        for (var d = 0; d < architecture.Choices.Count; d++) total += gain[architecture.Choices[d]] * (1 + 0.013 * d);
        return total;
    }

    public static OptimizationProblem Problem(
        double budgetMs, double spread = 0.0, IReadOnlyList<Precision>? allowed = null, IReadOnlyList<DesignObservation>? quantized = null,
        double confidence = 0.9, IReadOnlyList<LatencyObservation>? observations = null, Func<Architecture, double>? latency = null) =>
        new()
        {
            Space = Space,
            Accuracy = new FunctionAccuracy(Space, Nb201Accuracy),
            QuantizationPrior = QuantizationAccuracyPrior.Default(Space),
            Latency = new DesignCostModel(new FunctionPredictor(latency ?? SyntheticLatency.Nb201Ms, _ => spread, observations), quantized),
            Budgets = new OptimizationBudgets(budgetMs),
            AllowedPrecisions = allowed ?? [Precision.Fp32],
            Confidence = confidence,
        };

    /// <summary>The most accurate fp32 cell whose Confidence-quantile of latency is within the budget, by enumeration.</summary>
    public static (Architecture Architecture, double Top1) EnumeratedOptimum(double budgetMs, double spread, double z, Func<Architecture, double>? latency = null)
    {
        latency ??= SyntheticLatency.Nb201Ms;
        return Space.Enumerate()
            .Where(a => Math.Log(latency(a)) + z * spread <= Math.Log(budgetMs))
            .Select(a => (a, Nb201Accuracy(a)))
            .MaxBy(p => p.Item2);
    }
}
