using EdgeOpt.Core.Datasets;
using EdgeOpt.Learning.Evaluation;

namespace EdgeOpt.Learning.Tests.Evaluation;

public sealed class DeviceLikenessTests
{
    // Five architectures; "a" and "b" rank them alike, "c" nearly so (one pair swapped), "odd" reverses most of them.
    private static MeasurementTable Table() => new(
        "nb201",
        ["x1", "x2", "x3", "x4", "x5"],
        null,
        [
            new DeviceColumn("a", [1.0, 2.0, 3.0, 4.0, 5.0]),
            new DeviceColumn("b", [10.0, 20.0, 30.0, 40.0, 50.0]),
            new DeviceColumn("c", [1.0, 3.0, 2.0, 4.0, 5.0]),
            new DeviceColumn("odd", [5.0, 4.0, 1.0, 3.0, 2.0]),
        ]);

    [Fact]
    public void Of_EachDeviceWithItsNearestOther_LeastAlikeFirst()
    {
        var likeness = DeviceLikeness.Of(Table());

        Assert.Equal(["odd", "c", "a", "b"], likeness.Select(l => l.Device));
        Assert.Equal(1.0, likeness.Single(l => l.Device == "a").Spearman, 12);
        Assert.Equal("b", likeness.Single(l => l.Device == "a").Nearest);
        // c against a: ranks 1,3,2,4,5 vs 1..5: d^2 sum = 2, rho = 1 - 6*2/(5*24) = 0.9.
        Assert.Equal(0.9, likeness.Single(l => l.Device == "c").Spearman, 12);
        // odd: ranks 5,4,1,3,2; against c (1,3,2,4,5) d^2 = 16+1+1+1+9 = 28, rho = -0.4; against a/b d^2 = 16+4+4+1+9 = 34, rho = -0.7.
        Assert.Equal(-0.4, likeness[0].Spearman, 12);
        Assert.Equal("c", likeness[0].Nearest);
    }

    [Fact]
    public void UnlikeFolds_HoldsOutTheLeastAlikeDevicesEachAlone()
    {
        var folds = LeaveDevicesOut.ParseFolds("unlike:2", Table());

        Assert.Equal([["odd"], ["c"]], folds.Select(f => f.ToArray()));
    }

    [Theory]
    [InlineData("unlike:0", "1..3")]
    [InlineData("unlike:4", "1..3")]
    [InlineData("unlike:two", "whole number")]
    public void UnlikeFolds_BadCount_SaysWhatIsAllowed(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => LeaveDevicesOut.ParseFolds(text, Table()));

        Assert.Contains(expected, error.Message);
    }
}
