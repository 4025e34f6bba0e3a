using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Learning.Optimization.Measurement;
using EdgeOpt.Learning.Tests.TestSupport;

namespace EdgeOpt.Learning.Tests.Optimization;

public sealed class CostModelTests
{
    private static Design Fp32(Architecture a) => new(a, QuantizationPolicy.Uniform(3, Precision.Fp32));

    [Fact]
    public void Predict_MeasuredArchitecture_IsItsMeasurement_OthersThePredictors()
    {
        var measured = SearchSpaces.Nb201.At(77);
        var other = SearchSpaces.Nb201.At(78);
        var model = new DesignCostModel(new FunctionPredictor(_ => 3.0, _ => 0.2, [new LatencyObservation(measured, 5.0)]));

        var predictions = model.Predict([Fp32(measured), Fp32(other)]);

        Assert.Equal(5.0, predictions[0].Value, 9);
        Assert.Equal(0.0, predictions[0].LogStdDev);
        Assert.Equal(3.0, predictions[1].Value, 9);
        Assert.Equal(0.2, predictions[1].LogStdDev, 9);
    }

    [Fact]
    public void WithMeasurement_Fp32Design_ReadaptsThePredictorWithTheNewObservation()
    {
        IReadOnlyList<LatencyObservation>? seen = null;
        var model = new DesignCostModel(new FunctionPredictor(_ => 3.0, _ => 0.2), null,
            observations => { seen = observations; return new FunctionPredictor(_ => 4.0, _ => 0.1, observations); });
        var design = Fp32(SearchSpaces.Nb201.At(5));

        var updated = model.WithMeasurement(new DesignObservation(design, 6.0));

        Assert.NotNull(seen);
        Assert.Equal(design.Architecture, Assert.Single(seen!).Architecture);
        Assert.Equal(6.0, updated.Predict([design])[0].Value, 9);
        Assert.Equal(4.0, updated.Predict([Fp32(SearchSpaces.Nb201.At(6))])[0].Value, 9);
    }

    [Fact]
    public void WithMeasurement_WithoutAdaptFunction_SaysItCannotReadapt()
    {
        var model = new DesignCostModel(new FunctionPredictor(_ => 3.0, _ => 0.2));

        var error = Assert.Throws<InvalidOperationException>(() => model.WithMeasurement(new DesignObservation(Fp32(SearchSpaces.Nb201.At(5)), 6.0)));

        Assert.Contains("adapt", error.Message);
    }

    private static IReadOnlyList<LatencyObservation> Measured(params double[] values) =>
        values.Select((v, i) => new LatencyObservation(SearchSpaces.Nb201.At(i), v)).ToArray();

    [Fact]
    public void Resolution_WholeMillisecondMeasurements_IsOne_AndABudgetCoversWhatRoundsToIt()
    {
        var model = new DesignCostModel(new FunctionPredictor(_ => 3.0, _ => 0.2, Measured(3, 5, 8, 12, 20)));

        Assert.Equal(1.0, model.Resolution);
        Assert.Equal(8.5, model.EffectiveBudget(8.0), 9);
        Assert.Equal(8.5, model.EffectiveBudget(8.7), 9); // a reported 9 would exceed 8.7
    }

    [Fact]
    public void Resolution_HalfMillisecondMeasurements_IsOneHalf()
    {
        var model = new DesignCostModel(new FunctionPredictor(_ => 3.0, _ => 0.2, Measured(3, 5.5, 8, 12.5, 20)));

        Assert.Equal(0.5, model.Resolution);
        Assert.Equal(8.25, model.EffectiveBudget(8.0), 9);
    }

    [Fact]
    public void Resolution_FractionalMeasurements_IsZero_AndTheBudgetStays()
    {
        var model = new DesignCostModel(new FunctionPredictor(_ => 3.0, _ => 0.2, Measured(3.127, 5.767, 8.523, 12.02, 19.2)));

        Assert.Equal(0.0, model.Resolution);
        Assert.Equal(8.0, model.EffectiveBudget(8.0));
    }

    [Fact]
    public void Resolution_FewerMeasurementsThanTheEvidenceNeeded_IsNotInferred()
    {
        var model = new DesignCostModel(new FunctionPredictor(_ => 3.0, _ => 0.2, Measured(3, 5, 8, 12)));

        Assert.Equal(0.0, model.Resolution);
        Assert.Equal(8.0, model.EffectiveBudget(8.0));
    }

    [Fact]
    public void EffectiveBudget_NotPositive_SaysWhatABudgetIs()
    {
        var model = new DesignCostModel(new FunctionPredictor(_ => 3.0, _ => 0.2));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.EffectiveBudget(0));

        Assert.Contains("> 0", error.Message);
    }

    /// <summary>A latency model over synthetic truth whose own choice is always the first candidates not yet measured.</summary>
    private sealed class FirstCandidatesModel : ILatencyModel
    {
        public string Method => "first";
        public ISearchSpace Space => SearchSpaces.Nb201;
        public IReadOnlyList<string> KnownDevices => [];

        public IReadOnlyList<int> ChooseMeasurements(IReadOnlyList<Architecture> candidates, IReadOnlyList<LatencyObservation> observed, int count)
        {
            var seen = observed.Select(o => o.Architecture).ToHashSet();
            return Enumerable.Range(0, candidates.Count).Where(i => !seen.Contains(candidates[i])).Take(count).ToArray();
        }

        public IDeviceLatencyPredictor Adapt(IReadOnlyList<LatencyObservation> observations) =>
            new FunctionPredictor(SyntheticLatency.Nb201Ms, a => observations.Any(o => o.Architecture.Equals(a)) ? 0.01 : 0.3, observations);
    }

    [Fact]
    public void FrontierMeasurements_AfterTheSignature_MeasuresDistinctDesignsOnThePredictedFront()
    {
        var space = SearchSpaces.Nb201;
        var candidates = space.Enumerate().ToArray();
        var model = new FrontierMeasurements(new FirstCandidatesModel(), new FunctionAccuracy(space, OptimizationFixtures.Nb201Accuracy), signatureCount: 3);
        var observed = new List<LatencyObservation>();

        while (observed.Count < 8)
        {
            var picks = model.ChooseMeasurements(candidates, observed, 8 - observed.Count);
            Assert.NotEmpty(picks);
            Assert.True(picks.Count <= 8 - observed.Count);
            observed.AddRange(picks.Select(i => new LatencyObservation(candidates[i], SyntheticLatency.Nb201Ms(candidates[i]))));
        }

        Assert.Equal(candidates.Take(3), observed.Take(3).Select(o => o.Architecture));
        Assert.Equal(8, observed.Select(o => o.Architecture).Distinct().Count());
        foreach (var o in observed.Skip(3))
        {
            // On the front: no candidate is both at least as fast and more accurate.
            var accuracy = OptimizationFixtures.Nb201Accuracy(o.Architecture);
            Assert.DoesNotContain(candidates, a => SyntheticLatency.Nb201Ms(a) < o.Value && OptimizationFixtures.Nb201Accuracy(a) > accuracy);
        }
    }

    [Theory]
    [InlineData(FallbackOrder.SlowestFirst)]
    [InlineData(FallbackOrder.FastestFirst)]
    public void FrontierMeasurements_FallbackPlacement_MeasuresTheMostAccurateLikelyFitUnderEachPredictedQuantileInOrder(FallbackOrder order)
    {
        var space = SearchSpaces.Nb201;
        var candidates = space.Enumerate().ToArray();
        const int signature = 3, front = 4;
        const double fitConfidence = 0.8;
        var inner = new FirstCandidatesModel();
        var model = new FrontierMeasurements(new FirstCandidatesModel(), new FunctionAccuracy(space, OptimizationFixtures.Nb201Accuracy), signature,
            placement: FrontPlacement.Fallbacks, frontCount: front, fallbackConfidence: fitConfidence, fallbackOrder: order);
        var observed = new List<LatencyObservation>();
        var z = EdgeOpt.Learning.Numerics.NormalDistribution.Quantile(fitConfidence);

        while (observed.Count < signature + front)
        {
            var picks = model.ChooseMeasurements(candidates, observed, 1);
            var pick = candidates[Assert.Single(picks)];
            if (observed.Count >= signature)
            {
                // What the pick must be: the most accurate unmeasured candidate whose predicted 80 % quantile is under
                // the slot's quantile of the unmeasured candidates' predicted latencies; slowest slot first by default.
                var slot = order == FallbackOrder.SlowestFirst ? front - 1 - (observed.Count - signature) : observed.Count - signature;
                var seen = observed.Select(o => o.Architecture).ToHashSet();
                var pool = candidates.Where(a => !seen.Contains(a)).ToArray();
                var predicted = inner.Adapt(observed).Predict(pool);
                var logs = predicted.Select(p => p.LogMean).Order().ToArray();
                var target = logs[(int)Math.Round((slot + 0.5) / front * (logs.Length - 1))];
                var best = Enumerable.Range(0, pool.Length).Where(j => predicted[j].LogMean + z * predicted[j].LogStdDev <= target)
                    .Max(j => OptimizationFixtures.Nb201Accuracy(pool[j]));
                Assert.Equal(best, OptimizationFixtures.Nb201Accuracy(pick), 9);
                Assert.True(Math.Log(SyntheticLatency.Nb201Ms(pick)) + z * 0.3 <= target + 1e-12);
            }
            observed.Add(new LatencyObservation(pick, SyntheticLatency.Nb201Ms(pick)));
        }

        Assert.Equal(signature + front, observed.Select(o => o.Architecture).Distinct().Count());
        var fronts = observed.Skip(signature).Select(o => o.Value).ToArray();
        if (order == FallbackOrder.SlowestFirst) Assert.True(fronts[0] > fronts[^1], "the slowest fallback is measured first");
        else Assert.True(fronts[0] < fronts[^1], "the fastest fallback is measured first");
    }

    [Fact]
    public void FrontierMeasurements_FallbackPlacementWithoutFrontCount_NamesTheParameter()
    {
        var space = SearchSpaces.Nb201;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FrontierMeasurements(
            new FirstCandidatesModel(), new FunctionAccuracy(space, OptimizationFixtures.Nb201Accuracy), 3, placement: FrontPlacement.Fallbacks));

        Assert.Equal("frontCount", error.ParamName);
    }
}
