namespace EdgeOpt.Learning.PerDevice;

/// <summary>
/// A predicted latency in milliseconds with its interval (<see cref="LowerMs"/> &lt;= <see cref="Ms"/> &lt;=
/// <see cref="UpperMs"/>); the interval's nominal coverage is the model's <see cref="PerDeviceLatencyModel.IntervalCoverage"/>.
/// </summary>
public readonly record struct LatencyPrediction(double Ms, double LowerMs, double UpperMs);
