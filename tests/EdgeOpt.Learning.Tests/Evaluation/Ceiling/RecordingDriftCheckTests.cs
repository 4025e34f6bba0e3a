using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation.Ceiling;

namespace EdgeOpt.Learning.Tests.Evaluation.Ceiling;

public sealed class RecordingDriftCheckTests
{
    private static readonly ISearchSpace Space = SearchSpaces.Get(FbnetSpace.SpaceId);

    [Fact]
    public void Find_ReportsTheColumnThatDriftedInRowOrder_NotTheSteadyOne()
    {
        var table = CeilingData.Table(Space, 1000, seed: 5,
            ("steady", 1.0, CeilingData.Noise(0.02, seed: 6, rows: 1000)),
            ("drifting", 1.0, CeilingData.Sine(0.2, period: 100)));

        var drifted = RecordingDriftCheck.Find(Space, table, CancellationToken.None);

        var only = Assert.Single(drifted);
        Assert.Equal("drifting", only.Device);
        Assert.Equal(1000, only.Rows);
        Assert.True(only.DriftShare > 0.5, $"drift share {only.DriftShare}");
        Assert.True(only.AfterDriftSrcc > only.InSampleSrcc);
    }

    [Fact]
    public void Find_TooFewRowsToJudge_ReportsNothing()
    {
        var rows = RecordingDriftCheck.RowsPerParameter * new ChoiceOneHot(Space).ParameterCount - 1;
        var table = CeilingData.Table(Space, rows, seed: 5, ("drifting", 1.0, CeilingData.Sine(0.2, period: 100)));

        Assert.Empty(RecordingDriftCheck.Find(Space, table, CancellationToken.None));
    }

    [Fact]
    public void Find_RowsOrderedByArchitecture_IsNotReadAsDrift()
    {
        // A file that lists its architectures sorted by their cost, with a drift along that order: row order then says
        // something about the architectures, so it cannot be read as recording order.
        var effects = CeilingData.Effects(Space, 6);
        var architectures = ArchitectureSampling.Distinct(Space, 1000, 5).OrderBy(a => CeilingData.AdditiveLog(a, effects)).ToArray();
        var drift = CeilingData.Sine(0.2, period: 100);
        var values = architectures.Select((a, i) => (double?)Math.Exp(Math.Log(2) + CeilingData.AdditiveLog(a, effects) + drift(i))).ToArray();
        var table = new MeasurementTable(Space.Id, architectures.Select(Space.Format).ToArray(), null, [new DeviceColumn("sorted", values)]);
        var figures = AdditiveCeiling.Run(Space, table, null, new CeilingOptions(), CancellationToken.None).Devices[0].Figures;

        Assert.True(figures.DriftShare > 0.5, $"the residual follows row order: drift share {figures.DriftShare}");
        Assert.True(figures.FittedLag1 > RecordingDriftCheck.MaxArchitectureOrder, $"fitted lag-1 {figures.FittedLag1}");
        Assert.Empty(RecordingDriftCheck.Find(Space, table, CancellationToken.None));
    }
}
