namespace EdgeOpt.Core.Onnx;

/// <summary>
/// Observes value ranges of intermediate tensors of an fp32 ONNX model, for int8 quantization.
/// Implemented outside Core (it needs an inference runtime).
/// </summary>
public interface IActivationCalibrator
{
    /// <summary>
    /// Runs <paramref name="fp32Model"/> on inputs drawn from <paramref name="seed"/> and returns the smallest and
    /// largest value seen in each named tensor (every name in <paramref name="tensorNames"/> must be present).
    /// </summary>
    IReadOnlyDictionary<string, (float Min, float Max)> Calibrate(
        byte[] fp32Model, IReadOnlyList<string> tensorNames, int seed);
}
