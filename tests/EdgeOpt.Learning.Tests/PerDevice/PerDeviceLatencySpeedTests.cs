using System.Diagnostics;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.PerDevice;
using EdgeOpt.Learning.Tests.TestSupport;
using Xunit.Abstractions;

namespace EdgeOpt.Learning.Tests.PerDevice;

[Collection(TimingCollection.Name)]
public sealed class PerDeviceLatencySpeedTests(ITestOutputHelper output)
{
    [Fact]
    public void PredictMs_AllNb201Cells_TakesWellUnderASecondOfProcessorTimeOnceEncoded()
    {
        var space = SearchSpaces.Nb201;
        var model = new PerDeviceLatencyTrainer(space, new() { Seed = 7 }).Fit(SyntheticLatency.Sample(space, 300, 1, SyntheticLatency.Nb201Ms));
        var all = space.Enumerate().ToArray();
        model.PredictMs(all); // builds and caches the graph statistics of every cell

        using var process = Process.GetCurrentProcess();
        TimeSpan bestProcessor = TimeSpan.MaxValue, bestWall = TimeSpan.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            process.Refresh();
            var processorBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var predicted = model.PredictMs(all);
            clock.Stop();
            process.Refresh();
            Assert.Equal(15_625, predicted.Length);
            bestProcessor = Min(bestProcessor, process.TotalProcessorTime - processorBefore);
            bestWall = Min(bestWall, clock.Elapsed);
        }

        output.WriteLine($"best of 3 for 15,625 cells: {bestProcessor.TotalSeconds:F3} s processor time, {bestWall.TotalSeconds:F3} s wall");
        // Processor time summed over all threads, so that the bound means "under a second even on one core" and
        // holds on a CI machine whose cores other jobs share (the wall time then says little). Alone in its
        // collection, so no other test adds to the process's processor time. About 0.2 s on this repository's
        // 2-core development machine under load.
        Assert.True(bestProcessor < TimeSpan.FromSeconds(0.8), $"best of 3 took {bestProcessor.TotalSeconds:F2} s of processor time");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
