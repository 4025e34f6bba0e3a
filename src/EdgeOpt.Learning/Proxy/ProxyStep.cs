using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Proxy;

/// <summary>The outcome of the workflow for one device: the decision with its evidence and the predictor to use.</summary>
public sealed record ProxyResult(ProxyDecision Decision, IDeviceLatencyPredictor Predictor);

/// <summary>
/// What the workflow wants next: either measurements (indices into the candidates, in the order to take them) or,
/// when <see cref="Result"/> is set, nothing more.
/// </summary>
public sealed record ProxyStep(IReadOnlyList<int> Measure, ProxyResult? Result)
{
    public bool IsDone => Result is not null;
}
