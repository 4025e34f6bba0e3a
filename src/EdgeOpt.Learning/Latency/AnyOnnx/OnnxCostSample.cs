using EdgeOpt.Learning.Latency.CostComponents;

namespace EdgeOpt.Learning.Latency.AnyOnnx;

/// <summary>One measured model: its cost components (<see cref="CostComponentVector"/>) and the measured cost (ms or mJ).</summary>
public sealed record OnnxCostSample(string Name, double[] Components, double Value);
