namespace EdgeOpt.Core.Onnx;

/// <summary>
/// fp32 values of one layer after batch-norm folding. Conv weights are [Cout, Cin/groups, K, K], Gemm weights
/// [units, features]; for a standalone batch norm <see cref="Weight"/> is the per-channel scale.
/// </summary>
internal sealed record LayerWeights(float[] Weight, float[]? Bias);
