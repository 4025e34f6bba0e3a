namespace EdgeOpt.Learning.Latency.AnyOnnx;

/// <summary>
/// The predicted cost of one ONNX model on a device.
/// </summary>
/// <param name="Prediction">Log-normal prediction (median <see cref="LatencyPrediction.Value"/>, intervals).</param>
/// <param name="MultiplyAdds">Multiply-adds of the model (batch as in the model, dynamic batch as 1).</param>
/// <param name="Extrapolated">True when a cost component of the model lies outside the range of the measured models
/// (e.g. more multiply-adds than any of them): the interval is then widened and the figure is less reliable.</param>
/// <param name="Warnings">The featurizer's warnings (dynamic batch taken as 1, operators that went through the
/// elementwise fallback, ...).</param>
public sealed record OnnxCostPrediction(
    LatencyPrediction Prediction, long MultiplyAdds, bool Extrapolated, IReadOnlyList<string> Warnings)
{
    public double Value => Prediction.Value;

    public (double Lower, double Upper) Interval(double level) => Prediction.Interval(level);
}
