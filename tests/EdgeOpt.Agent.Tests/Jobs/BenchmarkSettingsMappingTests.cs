using EdgeOpt.Agent.Jobs;
using EdgeOpt.Contracts.V1;

namespace EdgeOpt.Agent.Tests.Jobs;

public sealed class BenchmarkSettingsMappingTests
{
    [Fact]
    public void TryMap_AllZero_TakesTheRunnersDefaults()
    {
        var options = BenchmarkSettingsMapping.TryMap(new BenchmarkSettings(), "cpu", 0, out var error)!;

        Assert.Null(error);
        Assert.Equal(10, options.WarmupRuns);
        Assert.Equal(10, options.MinRuns);
        Assert.Equal(1000, options.MaxRuns);
        Assert.Equal(0.02, options.TargetRelativeStandardError);
        Assert.Equal(1, options.IntraOpThreads);
        Assert.Equal(1, options.BatchSize);
    }

    [Fact]
    public void TryMap_GivenValues_AreUsedAsGiven()
    {
        var options = BenchmarkSettingsMapping.TryMap(
            new BenchmarkSettings { WarmupRuns = 3, MinRuns = 20, MaxRuns = 50, TargetRelativeStandardError = 0.05, MaxSeconds = 7, IntraOpThreads = 4, BatchSize = 8 },
            "cuda", 1, out _)!;

        Assert.Equal((3, 20, 50, 0.05, 7.0, 4, 8, "cuda", 1),
            (options.WarmupRuns, options.MinRuns, options.MaxRuns, options.TargetRelativeStandardError, options.MaxSeconds,
             options.IntraOpThreads, options.BatchSize, options.ExecutionProvider, options.DeviceId));
    }

    [Fact]
    public void TryMap_MinRunsAboveTheDefaultMax_RaisesTheMaxToMatch()
    {
        var options = BenchmarkSettingsMapping.TryMap(new BenchmarkSettings { MinRuns = 2000 }, "cpu", 0, out _)!;
        Assert.Equal(2000, options.MaxRuns);
    }

    [Fact]
    public void TryMap_Negative_FailsNamingTheSetting()
    {
        Assert.Null(BenchmarkSettingsMapping.TryMap(new BenchmarkSettings { BatchSize = -1 }, "cpu", 0, out var error));
        Assert.Contains("BatchSize", error);
    }
}
