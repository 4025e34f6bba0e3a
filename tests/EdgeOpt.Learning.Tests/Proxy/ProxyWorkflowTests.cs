using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Proxy;

namespace EdgeOpt.Learning.Tests.Proxy;

public sealed class ProxyWorkflowTests
{
    private static readonly EdgeOpt.Core.Spaces.Architecture[] Architectures = ProxyTestFleet.Architectures();
    private static readonly KnownDeviceLatencies Known = ProxyTestFleet.Known(ProxyTestFleet.KnownTable(Architectures));

    /// <summary>ln(new) = 0.5 + 1.3 ln(cpu): an exact monotone transform of the known device "cpu".</summary>
    private static double TransformOfCpu(EdgeOpt.Core.Spaces.Architecture a) =>
        Math.Exp(0.5 + 1.3 * Math.Log(ProxyTestFleet.Latency(a, ProxyTestFleet.KnownCosts["cpu"])));

    private static double Different(EdgeOpt.Core.Spaces.Architecture a) => ProxyTestFleet.Latency(a, ProxyTestFleet.DifferentCosts);

    private static double Spearman(IEnumerable<double> predicted, IEnumerable<double> actual) =>
        Correlation.Spearman(predicted.ToArray(), actual.ToArray());

    [Fact]
    public void Run_ExactMonotoneTransformOfAKnownDevice_ReusesItAfterKMeasurements_AndTheCalibrationReproducesIt()
    {
        var session = ProxyTestFleet.Session(Architectures, TransformOfCpu, budget: 50);
        var result = new ProxyWorkflow(Known, new ProxyOptions { InitialSamples = 10 }).Run(session, CancellationToken.None);

        var decision = result.Decision;
        Assert.Equal(ProxyDecisionKind.Reuse, decision.Decision);
        Assert.Equal("cpu", decision.Proxy);
        Assert.Equal(10, decision.Measured);
        Assert.Equal(1, decision.Rounds);
        Assert.Equal(1.0, decision.ProxyEstimate.Spearman.Estimate, 12);
        Assert.Equal(1.3, decision.Calibration.Slope, 9);
        Assert.Equal(0.5, decision.Calibration.Intercept, 9);
        var predicted = result.Predictor.Predict(Architectures);
        for (var i = 0; i < Architectures.Length; i++)
            Assert.Equal(Math.Log(TransformOfCpu(Architectures[i])), predicted[i].LogMean, 9);
    }

    [Fact]
    public void Run_IsotonicCalibration_ReusesAndKeepsTheProxysOrder()
    {
        var session = ProxyTestFleet.Session(Architectures, TransformOfCpu, budget: 50);
        var options = new ProxyOptions { Calibration = ProxyCalibrationKind.Isotonic };
        var result = new ProxyWorkflow(Known, options).Run(session, CancellationToken.None);

        Assert.Equal(ProxyDecisionKind.Reuse, result.Decision.Decision);
        Assert.Equal(ProxyCalibrationKind.Isotonic, result.Decision.Calibration.Kind);
        var predicted = result.Predictor.Predict(Architectures).Select(p => p.LogMean);
        Assert.Equal(1.0, Spearman(predicted, Architectures.Select(TransformOfCpu)), 6);
    }

    [Fact]
    public void Run_DeviceWithADifferentPerOperatorCost_AdaptsAndTheAdaptationRanksBetterThanTheProxy()
    {
        var truth = Architectures.Select(Different).ToArray();
        var session = ProxyTestFleet.Session(Architectures, Different, budget: 50);
        var result = new ProxyWorkflow(Known, ProxyTestFleet.Quick with { AdaptationProxies = 1 }).Run(session, CancellationToken.None);

        var decision = result.Decision;
        Assert.Equal(ProxyDecisionKind.Adapt, decision.Decision);
        Assert.Equal(50, decision.Measured);
        Assert.NotNull(decision.Adaptation);
        Assert.True(decision.Adaptation.Corrected);
        var proxyColumn = Known.LogLatencies(Known.IndexOf(decision.Proxy), Architectures);
        var proxySrcc = Spearman(proxyColumn, truth);
        var adaptedSrcc = Spearman(result.Predictor.Predict(Architectures).Select(p => p.LogMean), truth);
        Assert.True(proxySrcc < 0.9, $"the set-up needs a device no known one ranks well; best proxy {decision.Proxy} has {proxySrcc:F3}");
        Assert.True(adaptedSrcc > proxySrcc + 0.1, $"adapted {adaptedSrcc:F3} vs proxy {proxySrcc:F3}");
        Assert.True(adaptedSrcc > 0.85, $"the per-operator correction recovers most of an additive device's order: {adaptedSrcc:F3}");
    }

    [Theory]
    [InlineData(17, 50)]
    [InlineData(50, 23)]
    public void Run_AnAdaptingDevice_StopsAtTheCap(int maxSamples, int sessionBudget)
    {
        var session = ProxyTestFleet.Session(Architectures, Different, sessionBudget);
        var result = new ProxyWorkflow(Known, ProxyTestFleet.Quick with { MaxSamples = maxSamples }).Run(session, CancellationToken.None);

        var cap = Math.Min(maxSamples, sessionBudget);
        Assert.Equal(ProxyDecisionKind.Adapt, result.Decision.Decision);
        Assert.Equal(cap, session.Measured);
        Assert.Equal(cap, result.Decision.Measured);
        Assert.Equal(cap, result.Decision.History[^1].Measured);
    }

    [Fact]
    public void Run_CountsEveryReadThroughTheSession_AndNeverDependsOnCellsItDidNotRead()
    {
        var first = ProxyTestFleet.Session(Architectures, Different, budget: 50);
        var workflow = new ProxyWorkflow(Known, ProxyTestFleet.Quick);
        var result = workflow.Run(first, CancellationToken.None);
        Assert.Equal(first.Measured, result.Decision.Measured);
        Assert.Equal(first.Observations, result.Predictor.Observations);

        // The same device, except that every cell the workflow did not read now holds another value.
        var read = first.Observations.Select(o => o.Architecture).ToHashSet();
        var altered = ProxyTestFleet.Session(Architectures, a => read.Contains(a) ? Different(a) : 1000 + Different(a) * 7, budget: 50);
        var again = new ProxyWorkflow(Known, ProxyTestFleet.Quick).Run(altered, CancellationToken.None);

        Assert.Equal(first.Observations.Select(o => o.Architecture), altered.Observations.Select(o => o.Architecture));
        Assert.Equal(result.Decision.ToJson(), again.Decision.ToJson());
    }

    [Fact]
    public void Next_FirstMeasurements_DependOnTheKnownDevicesAndSeedOnly()
    {
        var workflow = new ProxyWorkflow(Known, new ProxyOptions { InitialSamples = 12, Seed = 4 });
        var step = workflow.Next(Architectures, []);
        Assert.False(step.IsDone);
        Assert.Equal(12, step.Measure.Count);
        Assert.Equal(12, step.Measure.Distinct().Count());
        Assert.Equal(step.Measure, new ProxyWorkflow(Known, new ProxyOptions { InitialSamples = 12, Seed = 4 }).Next(Architectures, []).Measure);
        Assert.NotEqual(step.Measure, new ProxyWorkflow(Known, new ProxyOptions { InitialSamples = 12, Seed = 5 }).Next(Architectures, []).Measure);
    }

    [Fact]
    public void Run_SameSeed_SameDecisionRecord()
    {
        string Once() => new ProxyWorkflow(Known, ProxyTestFleet.Quick with { Seed = 7 })
            .Run(ProxyTestFleet.Session(Architectures, Different, 50), CancellationToken.None).Decision.ToJson();
        Assert.Equal(Once(), Once());
    }

    [Fact]
    public void Run_RecordsEveryKnownDevicesEstimate_BestFirst()
    {
        var result = new ProxyWorkflow(Known, ProxyTestFleet.Quick).Run(ProxyTestFleet.Session(Architectures, Different, 50), CancellationToken.None);
        var candidates = result.Decision.Candidates;
        Assert.Equal(["cpu", "dsp", "gpu"], candidates.Select(c => c.Device).Order());
        Assert.Equal(result.Decision.Proxy, candidates[0].Device);
        Assert.Equal(candidates.Select(c => c.Spearman.Estimate).OrderDescending(), candidates.Select(c => c.Spearman.Estimate));
        Assert.All(candidates, c => Assert.InRange(c.Spearman.Estimate, c.Spearman.Lower, c.Spearman.Upper));
        Assert.All(candidates, c => Assert.InRange(c.Kendall.Estimate, c.Kendall.Lower, c.Kendall.Upper));
        // Bonferroni for choosing the best of three: 1 - 0.05 / 3.
        Assert.Equal(1 - 0.05 / 3, result.Decision.Confidence, 12);
    }
}
