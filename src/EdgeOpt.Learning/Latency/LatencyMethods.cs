using EdgeOpt.Learning.Latency.CostComponents;
using EdgeOpt.Learning.Latency.NeuralLinear;
using EdgeOpt.Learning.Latency.Ridge;

namespace EdgeOpt.Learning.Latency;

/// <summary>The latency prediction methods by name, as <c>--method</c> and the server take them.</summary>
public static class LatencyMethods
{
    /// <summary>The method used when none is named: the best the project has.</summary>
    public static string Default => NeuralLinearTrainer.MethodName;

    public static IReadOnlyList<string> Names { get; } = [NeuralLinearTrainer.MethodName, RidgeLatencyTrainer.MethodName, CostComponentTrainer.MethodName, LogLogBaselineTrainer.MethodName];

    /// <summary>A trainer for the named method (case-insensitive); <see cref="ArgumentException"/> lists the names otherwise.</summary>
    public static ILatencyPredictorTrainer Create(string name, int seed)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            NeuralLinearTrainer.MethodName => new NeuralLinearTrainer(new NeuralLinearTrainer.Options { Seed = seed }),
            RidgeLatencyTrainer.MethodName => new RidgeLatencyTrainer(new RidgeLatencyTrainer.Options { Seed = seed }),
            CostComponentTrainer.MethodName => new CostComponentTrainer(),
            LogLogBaselineTrainer.MethodName => new LogLogBaselineTrainer(seed),
            _ => throw new ArgumentException($"unknown latency method '{name}'; allowed: {string.Join(", ", Names)}", nameof(name)),
        };
    }
}
