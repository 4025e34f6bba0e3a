using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.NeuralLinear;
using EdgeOpt.Learning.Latency.Ridge;
using EdgeOpt.Learning.Tests.Support;

namespace EdgeOpt.Learning.Tests.Latency;

/// <summary>The graph-feature path, on a toy space whose latency is proportional to its multiply-adds.</summary>
public sealed class GraphFeatureTests
{
    private static readonly ToySpace Space = new();

    private static (MeasurementTable Table, Architecture[] Architectures) Device()
    {
        var architectures = Space.Enumerate().ToArray();
        var random = new Random(4);
        var values = architectures.Select(a => (double?)(0.002 * ToySpace.MultiplyAdds(a) * Math.Exp(0.02 * SyntheticFleet.Gaussian(random)))).ToArray();
        return (new MeasurementTable(Space.Id, architectures.Select(Space.Format).ToArray(), null, [new DeviceColumn("new", values)]), architectures);
    }

    [Fact]
    public void Featurize_WithGraphFeatures_AppendsTheGraphPartOfEncode()
    {
        var featurizer = new ArchitectureFeaturizer(Space, new() { IncludeGraphFeatures = true });
        var architecture = Space.Parse("large-small-small-medium-large");

        Assert.Equal(16, featurizer.Length);
        Assert.Equal("log_multiply_adds", featurizer.FeatureNames[^1]);
        Assert.Equal(Space.Encode(architecture), featurizer.Featurize(architecture));
        Assert.Single(featurizer.StandardizedDense(architecture));
    }

    [Theory]
    [InlineData("neural-linear")]
    [InlineData("ridge")]
    public void NoKnownDevice_WithGraphFeatures_RanksByThemFromTenMeasurements(string method)
    {
        var (table, architectures) = Device();
        double SpearmanWith(bool graph)
        {
            var features = new ArchitectureFeaturizer.Options { IncludeGraphFeatures = graph };
            ILatencyPredictorTrainer trainer = method == "ridge"
                ? new RidgeLatencyTrainer(new() { Features = features })
                : new NeuralLinearTrainer(new() { Features = features });
            var model = trainer.Fit(LatencyTrainingData.None(Space), CancellationToken.None);
            return LatencyEvaluation.EvaluateDevice(model, "new", table.Column("new"), architectures, 10).Metrics.Srcc;
        }

        var withGraph = SpearmanWith(true);
        Assert.True(withGraph > 0.95, $"Spearman with graph features {withGraph}");
        Assert.True(withGraph > SpearmanWith(false), "graph features should help");
    }
}
