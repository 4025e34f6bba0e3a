using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Core.Tests.Statistics;

public class DescriptiveTests
{
    private static readonly double[] Eight = [2, 4, 4, 4, 5, 5, 7, 9];

    [Fact]
    public void Mean_OfEightValues_IsTheirSumOverEight() => Assert.Equal(5.0, Descriptive.Mean(Eight), 12);

    [Fact]
    public void StandardDeviation_UsesTheSampleDivisor()
    {
        // Squared deviations from 5 sum to 32; divided by n - 1 = 7.
        Assert.Equal(Math.Sqrt(32.0 / 7.0), Descriptive.StandardDeviation(Eight), 12);
    }

    [Fact]
    public void RelativeStandardError_IsStandardErrorOverMean()
    {
        var expected = Math.Sqrt(32.0 / 7.0) / Math.Sqrt(8) / 5.0;
        Assert.Equal(expected, Descriptive.RelativeStandardError(Eight), 12);
    }

    [Fact]
    public void RelativeStandardError_OfConstantSample_IsZero() =>
        Assert.Equal(0.0, Descriptive.RelativeStandardError([3, 3, 3]));

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(25, 1.75)]
    [InlineData(50, 2.5)]
    [InlineData(90, 3.7)]
    [InlineData(100, 4.0)]
    public void Percentile_InterpolatesLinearlyBetweenClosestRanks(double percent, double expected) =>
        Assert.Equal(expected, Descriptive.Percentile([4, 1, 3, 2], percent), 12);

    [Fact]
    public void Median_OddCount_IsMiddleValue() => Assert.Equal(3.0, Descriptive.Median([5, 1, 3]));

    [Fact]
    public void Median_EvenCount_IsMeanOfMiddleValues() => Assert.Equal(2.5, Descriptive.Median([1, 2, 3, 4]));

    [Fact]
    public void Percentile_SingleValue_IsThatValue() => Assert.Equal(7.0, Descriptive.Percentile([7], 90));

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void Percentile_OutsideZeroToHundred_Throws(double percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Descriptive.Percentile([1, 2], percent));

    [Fact]
    public void Mean_Empty_ThrowsNamingTheCount()
    {
        var ex = Assert.Throws<ArgumentException>(() => Descriptive.Mean([]));
        Assert.Contains("got 0", ex.Message);
    }

    [Fact]
    public void StandardDeviation_SingleValue_ThrowsBecauseTwoAreNeeded()
    {
        var ex = Assert.Throws<ArgumentException>(() => Descriptive.StandardDeviation([1]));
        Assert.Contains("at least 2", ex.Message);
    }

    [Fact]
    public void Median_NaNValue_ThrowsNamingItsIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() => Descriptive.Median([1, 2, double.NaN]));
        Assert.Contains("index 2", ex.Message);
    }

    [Fact]
    public void SampleSummary_AgreesWithTheSingleStatistics()
    {
        var values = new double[] { 9, 2, 5, 4, 7, 4, 4, 5 };
        var s = SampleSummary.Of(values);
        Assert.Equal(8, s.Count);
        Assert.Equal(Descriptive.Mean(values), s.Mean, 12);
        Assert.Equal(Descriptive.StandardDeviation(values), s.StandardDeviation, 12);
        Assert.Equal(Descriptive.Median(values), s.Median, 12);
        Assert.Equal(Descriptive.Percentile(values, 90), s.P90, 12);
        Assert.Equal(Descriptive.RelativeStandardError(values), s.RelativeStandardError, 12);
        Assert.Equal(2.0, s.Min);
        Assert.Equal(9.0, s.Max);
    }

    [Fact]
    public void SampleSummary_SingleValue_HasZeroSpread()
    {
        var s = SampleSummary.Of([4.5]);
        Assert.Equal(0.0, s.StandardDeviation);
        Assert.Equal(0.0, s.RelativeStandardError);
        Assert.Equal(4.5, s.Median);
    }
}
