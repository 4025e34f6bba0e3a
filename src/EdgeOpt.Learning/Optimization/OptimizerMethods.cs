using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Optimization.Evaluation;
using EdgeOpt.Learning.Optimization.Neural;
using EdgeOpt.Learning.Optimization.Search;

namespace EdgeOpt.Learning.Optimization;

/// <summary>The optimizers by name, as <c>--method</c> and the server take them.</summary>
public static class OptimizerMethods
{
    public static IReadOnlyList<string> Names { get; } =
        [NeuralDesignOptimizer.OptimizerName, EvolutionaryOptimizer.OptimizerName, ExhaustiveOptimizer.OptimizerName];

    /// <summary>
    /// The best optimizer for a space: exhaustive where the space can be enumerated (it is exact with respect to the
    /// predictors and fast there), otherwise evolution.
    /// </summary>
    public static string Default(ISearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return space.Size is { } size && size <= 2_000_000 ? ExhaustiveOptimizer.OptimizerName : EvolutionaryOptimizer.OptimizerName;
    }

    /// <summary>Checks a name (case-insensitive) and returns its canonical form; <see cref="ArgumentException"/> lists the names otherwise.</summary>
    public static string Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant();
        return Names.Contains(key) ? key : throw new ArgumentException($"unknown optimizer '{name}'; allowed: {string.Join(", ", Names)}", nameof(name));
    }

    /// <summary>An optimizer for one fold (the neural one trains on the fold's known devices).</summary>
    public static IDesignOptimizer Create(
        string name, OptimizerFold fold, CancellationToken cancellationToken, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(fold);
        return Canonical(name) switch
        {
            NeuralDesignOptimizer.OptimizerName => new NeuralDesignOptimizer(
                new NeuralOptimizerTrainer(new NeuralOptimizerTrainer.Options { Seed = fold.Seed })
                    .Train(fold.Training, fold.LatencyModel, fold.Accuracy, null, cancellationToken, progress)),
            ExhaustiveOptimizer.OptimizerName => new ExhaustiveOptimizer(),
            EvolutionaryOptimizer.OptimizerName => new EvolutionaryOptimizer(),
            _ => throw new ArgumentException($"unknown optimizer '{name}'; allowed: {string.Join(", ", Names)}", nameof(name)),
        };
    }
}
