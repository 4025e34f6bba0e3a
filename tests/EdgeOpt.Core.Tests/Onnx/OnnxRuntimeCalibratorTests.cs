using EdgeOpt.Core.Onnx;
using EdgeOpt.Runtime.Calibration;
using static EdgeOpt.Core.Tests.Onnx.OnnxModelGeneratorTests;

namespace EdgeOpt.Core.Tests.Onnx;

public class OnnxRuntimeCalibratorTests
{
    [Fact]
    public void Calibrate_RangesOrderedAndRectifiedTensorsNonNegative()
    {
        var model = OnnxModelGenerator.Generate(MakeDesign("fbnet:mixed", "fp32"));

        var ranges = new OnnxRuntimeCalibrator(samples: 2).Calibrate(model, ["l3_pw_relu", "l3_pwl", "l3_out"], seed: 1);

        Assert.Equal(3, ranges.Count);
        Assert.True(ranges["l3_pw_relu"].Min >= 0);
        Assert.True(ranges["l3_pwl"].Min < 0 && ranges["l3_pwl"].Max > 0);
        Assert.All(ranges.Values, r => Assert.True(r.Min < r.Max));
    }

    [Fact]
    public void Calibrate_MoreSamples_NeverNarrowTheRange()
    {
        var model = OnnxModelGenerator.Generate(MakeDesign("nb201:mixed", "fp32"));

        var few = new OnnxRuntimeCalibrator(samples: 1).Calibrate(model, ["s1c2_n3"], seed: 5)["s1c2_n3"];
        var many = new OnnxRuntimeCalibrator(samples: 4).Calibrate(model, ["s1c2_n3"], seed: 5)["s1c2_n3"];

        Assert.True(many.Min <= few.Min && many.Max >= few.Max);
    }

    [Fact]
    public void Calibrate_UnknownTensor_NamesIt()
    {
        var model = OnnxModelGenerator.Generate(MakeDesign("nb201:mixed", "fp32"));

        var error = Assert.Throws<ArgumentException>(() =>
            new OnnxRuntimeCalibrator().Calibrate(model, ["no_such_tensor"], seed: 0));
        Assert.Contains("'no_such_tensor'", error.Message);
    }
}
