using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization;

namespace EdgeOpt.Server.Optimization;

/// <summary>
/// An Optimize request after its fields were checked (<see cref="OptimizeRequestReader"/>): which device (a registered
/// id, or raw signature points), the budgets, objective and precisions, the optimizer (null = the best for the space)
/// and what to do besides (Pareto set, verification on the device, ONNX bytes).
/// </summary>
public sealed record OptimizeOrder
{
    /// <summary>A registered device; null when <see cref="Features"/> describe the device.</summary>
    public string? DeviceId { get; init; }

    /// <summary>Raw signature points of an unregistered device; null for a registered one.</summary>
    public IReadOnlyList<LatencyObservation>? Features { get; init; }

    public required ISearchSpace Space { get; init; }

    public required OptimizationBudgets Budgets { get; init; }

    public required ObjectiveWeights Objective { get; init; }

    /// <summary>The accuracy dataset (e.g. "cifar100"); null = the server's default for the space.</summary>
    public string? Dataset { get; init; }

    public required IReadOnlyList<Precision> AllowedPrecisions { get; init; }

    /// <summary>Canonical optimizer name, or null for the default of the space.</summary>
    public string? Method { get; init; }

    public bool Pareto { get; init; }

    public bool VerifyOnDevice { get; init; }

    public bool IncludeOnnx { get; init; }

    public int Seed { get; init; }

    /// <summary>The budgets or the objective involve energy: the device's energy predictor is needed.</summary>
    public bool WantsEnergy => Budgets.EnergyMj is not null || Objective.LogEnergy > 0;

    /// <summary>The request field that asked for energy (the budget first), for messages.</summary>
    public string EnergyField => Budgets.EnergyMj is not null ? "budgets.energy_mj" : "objective.energy_weight";

    /// <summary>"device d1" or "the given features": for messages.</summary>
    public string DeviceLabel => DeviceId is { } id ? $"device {id}" : "the device described by device.features";
}
