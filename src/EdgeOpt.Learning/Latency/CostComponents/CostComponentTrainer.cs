namespace EdgeOpt.Learning.Latency.CostComponents;

/// <summary>
/// The "cost-components" method, for a device measured alone (no other device needed): an additive model of the
/// network's cost drivers (multiply-adds by operator kind, operator count, activation, weight and im2col traffic)
/// with non-negative per-device coefficients, times a learned correction over the same drivers
/// (<see cref="AdditiveCostRegression"/>). Measurements are chosen to fill the space of those drivers
/// (<see cref="SpaceFillingDesign"/>). Known devices, when given, are not used: this method is what
/// <c>neural-linear</c> falls back on without them.
/// </summary>
public sealed class CostComponentTrainer : ILatencyPredictorTrainer
{
    public const string MethodName = "cost-components";

    public string Name => MethodName;

    public ILatencyModel Fit(LatencyTrainingData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        cancellationToken.ThrowIfCancellationRequested();
        return new CostComponentModel(data.Space, data.Devices.ToArray());
    }
}
