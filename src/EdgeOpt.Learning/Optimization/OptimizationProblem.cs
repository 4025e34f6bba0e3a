using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Costs;

namespace EdgeOpt.Learning.Optimization;

/// <summary>
/// One decision for one device: find the design (architecture and precision policy) of <see cref="Space"/> that
/// maximizes <see cref="Objective"/> among those that fit <see cref="Budgets"/> with probability at least
/// <see cref="Confidence"/> under the device's cost predictors. Accuracy comes from <see cref="Accuracy"/> (fp32)
/// minus the <see cref="QuantizationPrior"/>'s penalty for lower-precision slots; cost from <see cref="Latency"/>
/// (and <see cref="Energy"/>). Immutable: derive variants with <c>with</c>.
/// </summary>
public sealed record OptimizationProblem
{
    public required ISearchSpace Space { get; init; }

    /// <summary>fp32 accuracy per architecture (a table or a predictor).</summary>
    public required IAccuracySource Accuracy { get; init; }

    /// <summary>Charges lower-precision slots; required when <see cref="AllowedPrecisions"/> has anything but fp32.</summary>
    public QuantizationAccuracyPrior? QuantizationPrior { get; init; }

    /// <summary>The device's latency per design (ms).</summary>
    public required DesignCostModel Latency { get; init; }

    /// <summary>The device's energy per design (mJ); required with an energy budget or an energy weight.</summary>
    public DesignCostModel? Energy { get; init; }

    public required OptimizationBudgets Budgets { get; init; }

    public ObjectiveWeights Objective { get; init; } = ObjectiveWeights.AccuracyOnly;

    /// <summary>Precisions a slot may use (default fp32 only).</summary>
    public IReadOnlyList<Precision> AllowedPrecisions { get; init; } = [Precision.Fp32];

    /// <summary>Also return the Pareto set (accuracy vs median latency, and energy) of the designs that fit.</summary>
    public bool Pareto { get; init; }

    public int Seed { get; init; }

    /// <summary>
    /// A design fits when, for each budget, the probability that its cost is within the budget under the predictor's
    /// log-normal is at least this (i.e. the Confidence-quantile of the cost is within the budget). In (0, 1).
    /// </summary>
    public double Confidence { get; init; } = 0.9;

    /// <summary>The architectures to choose from; null = <see cref="Accuracy"/>'s, or the whole space when it covers it.</summary>
    public IReadOnlyList<Architecture>? Candidates { get; init; }

    /// <summary>Designs that must not be answered (e.g. measured over budget).</summary>
    public IReadOnlySet<Design>? Excluded { get; init; }

    /// <summary>The architectures an optimizer may choose from, or null for the whole space.</summary>
    public IReadOnlyList<Architecture>? SearchArchitectures => Candidates ?? Accuracy.Architectures;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Space, nameof(Space));
        ArgumentNullException.ThrowIfNull(Accuracy, nameof(Accuracy));
        ArgumentNullException.ThrowIfNull(Latency, nameof(Latency));
        ArgumentNullException.ThrowIfNull(Budgets, nameof(Budgets));
        ArgumentNullException.ThrowIfNull(Objective, nameof(Objective));
        ArgumentNullException.ThrowIfNull(AllowedPrecisions, nameof(AllowedPrecisions));
        if (Accuracy.Space.Id != Space.Id)
            throw new ArgumentException($"{nameof(Accuracy)} is for search space '{Accuracy.Space.Id}', the problem for '{Space.Id}'");
        if (AllowedPrecisions.Count == 0 || AllowedPrecisions.Distinct().Count() != AllowedPrecisions.Count)
            throw new ArgumentException($"{nameof(AllowedPrecisions)}: give each of fp32, fp16, int8 at most once, and at least one");
        if (AllowedPrecisions.Any(p => p != Precision.Fp32))
        {
            if (QuantizationPrior is null)
                throw new ArgumentException(
                    $"{nameof(AllowedPrecisions)} allows {string.Join(", ", AllowedPrecisions.Where(p => p != Precision.Fp32).Select(p => p.ToName()))}, " +
                    $"but no {nameof(QuantizationPrior)} charges their accuracy cost; give one (e.g. QuantizationAccuracyPrior.Default(space))");
            if (QuantizationPrior.Space.Id != Space.Id)
                throw new ArgumentException($"{nameof(QuantizationPrior)} is for search space '{QuantizationPrior.Space.Id}', the problem for '{Space.Id}'");
        }
        if (!(Confidence > 0 && Confidence < 1))
            throw new ArgumentException($"{nameof(Confidence)} is {Confidence}; allowed: strictly between 0 and 1 (e.g. 0.9)");
        if (Budgets.EnergyMj is not null && Energy is null)
            throw new ArgumentException($"an energy budget of {Budgets.EnergyMj} mJ was given without an {nameof(Energy)} predictor");
        if (Objective.LogEnergy > 0 && Energy is null)
            throw new ArgumentException($"the objective weighs energy ({Objective.LogEnergy}) but no {nameof(Energy)} predictor was given");
        if (Candidates is { Count: 0 }) throw new ArgumentException($"{nameof(Candidates)} is empty; give at least one architecture or null for the whole space");
    }
}
