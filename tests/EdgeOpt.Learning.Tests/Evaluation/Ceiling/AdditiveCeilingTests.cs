using System.Text.Json;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation.Ceiling;
using EdgeOpt.Testing;

namespace EdgeOpt.Learning.Tests.Evaluation.Ceiling;

public sealed class AdditiveCeilingTests
{
    private const int Rows = 600;

    /// <summary>What the drift share of residuals that carry no order comes to with the default window: −1/(2·10).</summary>
    private static readonly double OrderFree = -0.5 / new CeilingOptions().Window;

    private static CeilingDeviceResult Only(MeasurementTable table, CeilingOptions? options = null) =>
        AdditiveCeiling.Run(SearchSpaces.Fbnet, table, null, options ?? new CeilingOptions(), CancellationToken.None).Devices.Single();

    [Fact]
    public void ExactlyAdditiveLatency_RanksHeldOutRowsPerfectly_AndNothingFollowsFileOrder()
    {
        var result = Only(CeilingData.Table(SearchSpaces.Fbnet, Rows, seed: 1, ("phone", 1.0, CeilingData.None)));

        Assert.Null(result.SkippedReason);
        Assert.Equal(Rows, result.Rows);
        Assert.Equal(120, result.HoldoutRows);
        Assert.True(result.Figures.HoldoutSrcc > 0.999, $"holdout srcc {result.Figures.HoldoutSrcc}");
        Assert.True(result.Figures.InSampleSrcc > 0.999, $"in-sample srcc {result.Figures.InSampleSrcc}");
        Assert.True(result.Figures.HoldoutMape < 0.01, $"mape {result.Figures.HoldoutMape}");
        Assert.Equal(1.0, result.Figures.HoldoutWithin10);
        // The residuals left (the ridge's tiny shrinkage) depend on the architecture only, which is random in file order.
        Assert.True(Math.Abs(result.Figures.DriftShare - OrderFree) < 0.05, $"drift share {result.Figures.DriftShare}");
        Assert.True(Math.Abs(result.Figures.ShuffledDriftShare - OrderFree) < 0.05, $"shuffled {result.Figures.ShuffledDriftShare}");
    }

    [Fact]
    public void SlowDriftInRowOrder_IsMostOfTheResidual_AndRemovingItLiftsTheRanking_WhileTheShuffledBaselineStaysAtChance()
    {
        var result = Only(CeilingData.Table(SearchSpaces.Fbnet, Rows, seed: 2, ("phone", 1.0, CeilingData.Sine(0.2, 100))));
        var f = result.Figures;

        Assert.True(f.DriftShare > 0.5, $"drift share {f.DriftShare}");
        Assert.True(f.Lag1 > 0.5, $"lag1 {f.Lag1}");
        Assert.True(f.AfterDriftSrcc > f.InSampleSrcc + 0.05, $"after drift {f.AfterDriftSrcc}, in sample {f.InSampleSrcc}");
        Assert.True(Math.Abs(f.ShuffledDriftShare - OrderFree) < 0.05, $"shuffled {f.ShuffledDriftShare}");
        Assert.True(f.InSampleSrcc < 0.95, $"the drift should hurt the in-sample ranking: {f.InSampleSrcc}");
    }

    [Fact]
    public void IndependentNoiseOnly_HasNoDriftAndNoLag1Correlation()
    {
        var result = Only(CeilingData.Table(SearchSpaces.Fbnet, Rows, seed: 3, ("phone", 0.0, CeilingData.Noise(0.05, seed: 4, Rows))));
        var f = result.Figures;

        Assert.True(Math.Abs(f.DriftShare - OrderFree) < 0.05, $"drift share {f.DriftShare}");
        Assert.True(Math.Abs(f.Lag1) < 0.15, $"lag1 {f.Lag1}");
        Assert.True(Math.Abs(f.HoldoutSrcc) < 0.3, $"nothing to rank, holdout srcc {f.HoldoutSrcc}");
    }

    [Fact]
    public void ArchLag1_IsNearZeroForArchitecturesInRandomOrder_AndHighWhenTheFileIsSortedByArchitecture()
    {
        var table = CeilingData.Table(SearchSpaces.Fbnet, Rows, seed: 13, ("phone", 1.0, CeilingData.Noise(0.02, seed: 14, Rows)));
        var column = table.Column("phone");
        var sorted = table.SelectRows(Enumerable.Range(0, Rows).OrderBy(r => column[r]!.Value));

        var random = Only(table).Figures;
        var structured = Only(sorted).Figures;

        Assert.InRange(random.FittedLag1, -0.15, 0.15);
        Assert.True(structured.FittedLag1 > 0.9, $"sorted file: arch lag1 {structured.FittedLag1}");
    }

    [Fact]
    public void Nb201Cells_AreFittedThroughTheSameChoicePerPositionEncoding()
    {
        var table = CeilingData.Table(SearchSpaces.Nb201, 400, seed: 5, ("gpu", 5.0, CeilingData.None));
        var report = AdditiveCeiling.Run(SearchSpaces.Nb201, table, null, new CeilingOptions(), CancellationToken.None);

        Assert.Equal(1 + 6 * 4, report.Parameters);
        Assert.True(report.Devices.Single().Figures.HoldoutSrcc > 0.999, $"holdout srcc {report.Devices.Single().Figures.HoldoutSrcc}");
    }

    [Fact]
    public void SameSeed_SameFigures_OtherSeed_OtherSplit()
    {
        var table = CeilingData.Table(SearchSpaces.Fbnet, Rows, seed: 6, ("phone", 1.0, CeilingData.Noise(0.05, seed: 7, Rows)));

        var first = Only(table, new CeilingOptions { Seed = 3 });
        var again = Only(table, new CeilingOptions { Seed = 3 });
        var other = Only(table, new CeilingOptions { Seed = 4 });

        Assert.Equal(first.Figures, again.Figures);
        Assert.NotEqual(first.Figures.HoldoutSrcc, other.Figures.HoldoutSrcc);
        Assert.Equal(first.Figures.InSampleSrcc, other.Figures.InSampleSrcc); // all rows: no split involved
    }

    [Fact]
    public void EmptyAndZeroCells_AreLeftOut_AndADeviceWithTooFewRows_IsSkippedWithTheReason()
    {
        var table = CeilingData.Table(SearchSpaces.Fbnet, Rows, seed: 8, ("full", 1.0, CeilingData.None), ("sparse", 1.0, CeilingData.None));
        var full = table.Column("full").Select((v, i) => i == 5 ? 0.0 : i == 6 ? null : v).ToArray();
        var sparse = table.Column("sparse").Select((v, i) => i < 150 ? v : null).ToArray();
        table = table.WithDevice("full", full).WithDevice("sparse", sparse);

        var report = AdditiveCeiling.Run(SearchSpaces.Fbnet, table, null, new CeilingOptions(), CancellationToken.None);

        var kept = report.Devices.Single(d => d.Device == "full");
        Assert.Equal(Rows - 2, kept.Rows);
        Assert.Equal(1, kept.NonPositiveCells);
        var skipped = report.Devices.Single(d => d.Device == "sparse");
        Assert.True(skipped.Skipped);
        Assert.Contains("150 rows", skipped.SkippedReason);
        Assert.Contains("177 parameters", skipped.SkippedReason);
        Assert.Contains("179", skipped.SkippedReason);
        Assert.Equal(kept.Figures, report.Mean); // the mean leaves the skipped device out
    }

    [Fact]
    public void Json_HasTheTaskSettingsOneEntryPerDevice_AndTheMeanOfTheirFigures()
    {
        var table = CeilingData.Table(SearchSpaces.Fbnet, Rows, seed: 9,
            ("a", 1.0, CeilingData.Sine(0.1, 80)), ("b", 1.0, CeilingData.Noise(0.03, seed: 10, Rows)));
        var report = AdditiveCeiling.Run(SearchSpaces.Fbnet, table, ["b", "a"],
            new CeilingOptions { Seed = 5, Holdout = 0.25, Window = 7 }, CancellationToken.None);

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal("ceiling", root.GetProperty("task").GetString());
        Assert.Equal("fbnet", root.GetProperty("space").GetString());
        Assert.Equal(5, root.GetProperty("seed").GetInt32());
        Assert.Equal(0.25, root.GetProperty("holdout").GetDouble());
        Assert.Equal(7, root.GetProperty("window").GetInt32());
        Assert.Equal(177, root.GetProperty("parameters").GetInt32());
        var devices = root.GetProperty("devices").EnumerateArray().ToArray();
        Assert.Equal(["b", "a"], devices.Select(d => d.GetProperty("device").GetString()));
        Assert.All(devices, d => Assert.Equal(JsonValueKind.Null, d.GetProperty("skipped").ValueKind));
        Assert.All(devices, d => Assert.Equal(150, d.GetProperty("holdout_rows").GetInt32()));
        string[] figures = ["holdout_srcc", "holdout_within10", "holdout_mape", "in_sample_srcc", "lag1", "fitted_lag1", "drift_share", "after_drift_srcc", "shuffled_drift_share"];
        var mean = root.GetProperty("mean");
        Assert.Equal(figures, mean.EnumerateObject().Select(p => p.Name));
        foreach (var name in figures)
            Assert.Equal(devices.Average(d => d.GetProperty(name).GetDouble()), mean.GetProperty(name).GetDouble(), 12);
    }

    [Theory]
    [InlineData(0.0, 10, 1e-3, "holdout", "(0, 0.9]")]
    [InlineData(0.95, 10, 1e-3, "holdout", "(0, 0.9]")]
    [InlineData(0.2, 0, 1e-3, "window", ">= 1")]
    [InlineData(0.2, 10, -1.0, "penalty", ">= 0")]
    public void BadOptions_NameTheFieldAndTheAllowedValues(double holdout, int window, double penalty, string field, string allowed)
    {
        var table = CeilingData.Table(SearchSpaces.Fbnet, 200, seed: 11, ("a", 1.0, CeilingData.None));
        var options = new CeilingOptions { Holdout = holdout, Window = window, Penalty = penalty };

        var error = Assert.Throws<ArgumentException>(() => AdditiveCeiling.Run(SearchSpaces.Fbnet, table, null, options, CancellationToken.None));

        Assert.StartsWith(field, error.Message);
        Assert.Contains(allowed, error.Message);
    }

    [Fact]
    public void UnknownDevice_ListsTheFilesDevices()
    {
        var table = CeilingData.Table(SearchSpaces.Fbnet, 200, seed: 12, ("pixel", 1.0, CeilingData.None), ("tpu", 1.0, CeilingData.None));

        var error = Assert.Throws<ArgumentException>(() =>
            AdditiveCeiling.Run(SearchSpaces.Fbnet, table, ["fpga"], new CeilingOptions(), CancellationToken.None));

        Assert.Contains("'fpga'", error.Message);
        Assert.Contains("pixel, tpu", error.Message);
    }

    [SharedDataFact("fbnet/latency.csv")]
    public void RealFbnetFile_TwoDevices_RunAndGiveWellFormedFigures()
    {
        var path = SharedData.PathOf("fbnet/latency.csv");
        var space = SearchSpaces.Fbnet;
        var table = MeasurementCsv.Load(path, space.Id, text => space.TryParse(text, out _, out var error) ? null : error);
        var devices = table.Devices.Take(2).ToArray();

        var report = AdditiveCeiling.Run(space, table, devices, new CeilingOptions(), CancellationToken.None);

        Assert.Equal(devices, report.Devices.Select(d => d.Device));
        foreach (var device in report.Devices)
        {
            Assert.Null(device.SkippedReason);
            Assert.Equal(table.MeasuredRows(device.Device).Length - device.NonPositiveCells, device.Rows);
            var f = device.Figures;
            foreach (var r in new[] { f.HoldoutSrcc, f.InSampleSrcc, f.Lag1, f.AfterDriftSrcc })
                Assert.InRange(r, -1.0, 1.0);
            Assert.InRange(f.HoldoutWithin10, 0.0, 1.0);
            Assert.True(f.HoldoutMape >= 0);
            Assert.True(f.DriftShare <= 1 && f.ShuffledDriftShare <= 1);
        }
        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(2, json.RootElement.GetProperty("devices").GetArrayLength());
    }
}
