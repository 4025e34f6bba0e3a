using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Server.Optimization;

/// <summary>
/// The ONNX bytes of an answered design (Core's <see cref="OnnxModelGenerator"/>, weights drawn from the request's
/// seed). Int8 slots get activation ranges from an <see cref="IActivationCalibrator"/> when the host registered one
/// (the <c>edgeopt serve</c> host registers ONNX Runtime's), otherwise Core's analytic ranges; the note says which.
/// </summary>
public sealed class OnnxExport(IActivationCalibrator? calibrator = null)
{
    public (byte[] Model, string? Note) Generate(Design design, int seed)
    {
        ArgumentNullException.ThrowIfNull(design);
        var bytes = OnnxModelGenerator.Generate(design, new OnnxGenerationOptions(Seed: seed, Calibrator: calibrator));
        if (!design.Policy.Slots.Contains(Precision.Int8)) return (bytes, null);
        var note = calibrator is null
            ? "onnx: int8 activation ranges are analytic estimates (this server has no calibrator); no calibration data was run"
            : $"onnx: int8 activation ranges calibrated by {calibrator.GetType().Name} on seeded random inputs (seed {seed})";
        return (bytes, note);
    }
}
