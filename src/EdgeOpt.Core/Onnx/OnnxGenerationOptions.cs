namespace EdgeOpt.Core.Onnx;

/// <summary>How <see cref="OnnxModelGenerator"/> builds a model.</summary>
/// <param name="Seed">Seed of the random weights (and of the calibration inputs).</param>
/// <param name="BatchSize">Fixed batch dimension of the input "input" [batch, 3, H, W] and output "logits".</param>
/// <param name="NumClasses">Width of the classifier; null: the family's own (100 for nb201 and fbnet, 10 for convnet).</param>
/// <param name="Calibrator">Measures activation ranges for int8 slots; without one an analytic range is used.</param>
public sealed record OnnxGenerationOptions(
    int Seed = 0,
    int BatchSize = 1,
    int? NumClasses = null,
    IActivationCalibrator? Calibrator = null)
{
    public static OnnxGenerationOptions Default { get; } = new();
}
