namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>ONNX Runtime graph optimisation level (kept separate from ORT's enum so callers need no ORT types).</summary>
public enum GraphOptimization
{
    None = 0,
    Basic = 1,
    Extended = 2,
    All = 3,
}
