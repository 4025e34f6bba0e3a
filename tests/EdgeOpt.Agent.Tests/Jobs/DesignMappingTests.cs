using EdgeOpt.Agent.Jobs;
using EdgeOpt.Contracts.V1;
using CorePrecision = EdgeOpt.Core.Spaces.Precision;

namespace EdgeOpt.Agent.Tests.Jobs;

public sealed class DesignMappingTests
{
    private const string Arch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    [Fact]
    public void TryToCore_NoPrecisions_AllFp32()
    {
        var design = DesignMapping.TryToCore(new Design { Space = "nb201", Arch = Arch }, out var error)!;

        Assert.Null(error);
        Assert.Equal("nb201", design.SpaceId);
        Assert.All(design.Policy.Slots, p => Assert.Equal(CorePrecision.Fp32, p));
    }

    [Fact]
    public void TryToCore_OnePrecisionPerSlot_KeepsThemInOrder()
    {
        var design = DesignMapping.TryToCore(
            new Design { Space = "nb201", Arch = Arch, Precisions = { Precision.Fp32, Precision.Fp16, Precision.Int8 } }, out _)!;

        Assert.Equal([CorePrecision.Fp32, CorePrecision.Fp16, CorePrecision.Int8], design.Policy.Slots);
    }

    [Fact]
    public void TryToCore_UnspecifiedPrecision_NamesItsPosition()
    {
        Assert.Null(DesignMapping.TryToCore(
            new Design { Space = "nb201", Arch = Arch, Precisions = { Precision.Fp32, Precision.Unspecified, Precision.Int8 } }, out var error));
        Assert.Contains("precisions[1]", error);
        Assert.Contains("PRECISION_INT8", error);
    }

    [Fact]
    public void TryToCore_MalformedArch_CarriesTheParsersPositionedError()
    {
        Assert.Null(DesignMapping.TryToCore(new Design { Space = "nb201", Arch = "|bogus~0|" }, out var error));
        Assert.StartsWith("job.design.arch is not a nb201 architecture:", error);
    }
}
