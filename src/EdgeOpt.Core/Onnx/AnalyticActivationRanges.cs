using EdgeOpt.Core.Networks;

namespace EdgeOpt.Core.Onnx;

/// <summary>
/// Activation ranges used for int8 when no <see cref="IActivationCalibrator"/> is given. They come from the
/// analytic mean square of <see cref="SignalEstimate"/>, taking values as zero-mean normal: a signed tensor gets
/// [-4 rms, 4 rms]; a non-negative (rectified) one [0, 4 sqrt(2) rms], i.e. 4 standard deviations of the normal
/// it rectifies. 4 sigma clips about 6e-5 of the values and keeps the step at ~3% of sigma.
/// This is an estimate for generated random-weight models; a calibrator measures the real ranges.
/// </summary>
internal static class AnalyticActivationRanges
{
    private const double Sigmas = 4.0;

    public static (float Min, float Max) For(NetworkTensor tensor, SignalEstimate signal)
    {
        var rms = signal.Rms(tensor);
        return tensor.NonNegative
            ? (0f, (float)(Sigmas * Math.Sqrt(2) * rms))
            : ((float)(-Sigmas * rms), (float)(Sigmas * rms));
    }
}
