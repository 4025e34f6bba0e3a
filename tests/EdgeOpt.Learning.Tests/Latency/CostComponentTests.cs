using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.CostComponents;

namespace EdgeOpt.Learning.Tests.Latency;

public sealed class CostComponentTests
{
    [Theory]
    [InlineData("convnet", "convnet_L3_F96_K3x3_W30")]
    [InlineData("convnet", "convnet_L5_F64_K3x3_W40_DWS")]
    [InlineData("convnet", "convnet_L4_F64_K1x1_2_K3x3_2_W20")]
    [InlineData("fbnet", "k3_e1 k3_e1_g2 k3_e3 k3_e6 k5_e1 k5_e1_g2 k5_e3 k5_e6 skip k3_e1 k3_e1 k3_e1 k3_e1 k3_e1 k3_e1 k3_e1 k3_e1 k3_e1 k3_e1 k3_e1 k3_e1 k3_e1")]
    public void FromNetwork_AgreesWithTheFeaturizedGeneratedOnnxModel(string spaceId, string arch)
    {
        var space = SearchSpaces.Get(spaceId);
        var design = new Design(space.Parse(arch), QuantizationPolicy.Uniform(space.PrecisionSlots, Precision.Fp32));
        var fromNetwork = CostComponentVector.FromNetwork(NetworkDefinitions.Build(design.Architecture));
        var fromOnnx = CostComponentVector.FromOnnx(OnnxGraphFeaturizer.Featurize(OnnxModelGenerator.GenerateModel(design)));
        for (var j = 0; j < CostComponentVector.Length; j++)
        {
            var name = CostComponentVector.Names[j];
            if (name is "runtime_ops" or "element_ops" or "activation_bytes") continue; // exporters add views and bias adds differently
            Assert.True(Math.Abs(fromNetwork[j] - fromOnnx[j]) <= 1e-9 * Math.Max(1, Math.Abs(fromNetwork[j])),
                $"{name}: network {fromNetwork[j]}, onnx {fromOnnx[j]}");
        }
    }

    [Fact]
    public void Regression_OnAnAdditiveDeviceWithNoise_PredictsUnseenNetworksWithinAFewPercent()
    {
        var space = SearchSpaces.Get("convnet");
        var random = new Random(11);
        var architectures = Enumerable.Range(0, 400).Select(_ => space.Sample(random)).Distinct().ToArray();
        var components = architectures.Select(a => CostComponentVector.FromNetwork(NetworkDefinitions.Build(a))).ToArray();
        // Device: 1 ms fixed, 0.05 ms per layer, 25 GMAC/s for convolutions, 8 GB/s for activations, 2 % noise.
        var noise = new Random(12);
        double Truth(double[] c) => 1 + 0.05 * c[1] + (c[3] + c[4] + c[5] + c[6]) / 25e6 + c[8] / 8e6;
        var values = components.Select(c => Truth(c) * Math.Exp(0.02 * Gaussian(noise))).ToArray();

        var regression = AdditiveCostRegression.Fit(components[..100], values[..100]);
        var errors = components[100..].Select(c => Math.Abs(regression.Predict(c).Value / Truth(c) - 1)).ToArray();
        Assert.True(errors.Average() < 0.03, $"mean relative error {errors.Average():P1}");
        var covered = components[100..].Zip(values[100..]).Count(p =>
        {
            var (lo, hi) = regression.Predict(p.First).Interval(0.9);
            return lo <= p.Second && p.Second <= hi;
        });
        Assert.InRange(covered / (double)(components.Length - 100), 0.75, 1.0);
    }

    [Fact]
    public void Regression_FullyConnectedWeightsFasterWhenTheyFitInACache_FindsTheCacheSizeAndPredictsBothRegimes()
    {
        var (components, _) = ConvnetComponents(seed: 31);
        // A cache (a power of 2) that about half of the measured networks' weights fit in.
        var footprints = components[..100].Select(c => c[CostComponentVector.WeightBytes]).Order().ToArray();
        var cache = Math.Pow(2, Math.Round(Math.Log2(footprints[50])));
        // Device: convolutions at 25 GMAC/s; fully connected weights streamed at 0.5 GB/s from memory (a slow board,
        // so that they weigh), 4x faster for the share of the network's weights that the cache holds; 2 % noise.
        double Truth(double[] c)
        {
            var share = Math.Min(1, cache / c[CostComponentVector.WeightBytes]);
            var fcSeconds = 4 * c[CostComponentVector.FullyConnectedMacs] * (share / 2e9 + (1 - share) / 0.5e9);
            return 0.2 + (c[3] + c[4] + c[5]) / 25e6 + 1000 * fcSeconds;
        }
        var noise = new Random(32);
        var values = components.Select(c => Truth(c) * Math.Exp(0.02 * Gaussian(noise))).ToArray();
        Assert.InRange(components[..100].Count(c => c[CostComponentVector.WeightBytes] <= cache), 10, 90);

        var regression = AdditiveCostRegression.Fit(components[..100], values[..100]);

        Assert.NotNull(regression.ResidentWeightBytes);
        Assert.InRange(regression.ResidentWeightBytes!.Value, cache / 2, cache * 2);
        var small = components[100..].Where(c => c[CostComponentVector.WeightBytes] <= cache / 2).ToArray();
        var errors = small.Select(c => Math.Abs(regression.Predict(c).Value / Truth(c) - 1)).ToArray();
        Assert.True(errors.Average() < 0.04, $"mean relative error on cache-resident networks {errors.Average():P1}");
    }

    [Fact]
    public void Regression_OneRateForFullyConnectedWeights_KeepsOneRate()
    {
        var (components, _) = ConvnetComponents(seed: 33);
        var noise = new Random(34);
        double Truth(double[] c) => 0.2 + (c[3] + c[4] + c[5]) / 25e6 + 1000 * 4 * c[CostComponentVector.FullyConnectedMacs] / 16e9;
        var values = components[..100].Select(c => Truth(c) * Math.Exp(0.02 * Gaussian(noise))).ToArray();

        var regression = AdditiveCostRegression.Fit(components[..100], values);

        Assert.Null(regression.ResidentWeightBytes);
        Assert.Equal(CostComponentVector.Length + 1, regression.Coefficients.Count);
        // Per unit: 1 / 25e6 ms per convolution multiply-add.
        Assert.InRange(regression.Coefficients[3] * 25e6, 0.8, 1.25);
    }

    private static (double[][] Components, Architecture[] Architectures) ConvnetComponents(int seed)
    {
        var space = SearchSpaces.Get("convnet");
        var random = new Random(seed);
        var architectures = Enumerable.Range(0, 400).Select(_ => space.Sample(random)).Distinct().ToArray();
        return (architectures.Select(a => CostComponentVector.FromNetwork(NetworkDefinitions.Build(a))).ToArray(), architectures);
    }

    [Fact]
    public void Method_WithNoKnownDevice_ChoosesDistinctSpreadMeasurementsAndScoresASyntheticDevice()
    {
        var space = SearchSpaces.Get("convnet");
        var random = new Random(21);
        var architectures = Enumerable.Range(0, 500).Select(_ => space.Sample(random)).Distinct().ToArray();
        var column = architectures.Select(a =>
        {
            var s = GraphFeatures.Of(a);
            return (double?)(0.5 + s.MultiplyAdds / 20e6 + s.ActivationBytes / 5e6);
        }).ToArray();
        var model = new CostComponentTrainer().Fit(LatencyTrainingData.None(space), CancellationToken.None);

        var picks = model.ChooseMeasurements(architectures, [], 50);
        Assert.Equal(50, picks.Distinct().Count());
        Assert.Equal(picks, model.ChooseMeasurements(architectures, [], 50));
        // The first picks span the range: the smallest and largest networks by multiply-adds are near the first ten.
        var macs = architectures.Select(a => (double)GraphFeatures.Of(a).MultiplyAdds).ToArray();
        var firstTen = picks.Take(10).Select(i => macs[i]).ToArray();
        Assert.True(firstTen.Max() >= Quantile(macs, 0.95) && firstTen.Min() <= Quantile(macs, 0.05),
            $"first ten picks span {firstTen.Min():G3}..{firstTen.Max():G3} MACs");

        var result = LatencyEvaluation.EvaluateDevice(model, "synthetic", column, architectures, 50);
        Assert.True(result.Metrics.Mape < 0.03, $"mape {result.Metrics.Mape:P1}");
        Assert.True(result.Metrics.Srcc > 0.99, $"srcc {result.Metrics.Srcc:F3}");
    }

    [Fact]
    public void NeuralLinear_WithoutKnownDevices_OnConvnet_UsesTheCostComponentModel()
    {
        var trainer = LatencyMethods.Create(LatencyMethods.Default, seed: 0);
        var model = trainer.Fit(LatencyTrainingData.None(SearchSpaces.Get("convnet")), CancellationToken.None);
        Assert.Equal(CostComponentTrainer.MethodName, model.Method);
        var nb201 = trainer.Fit(LatencyTrainingData.None(SearchSpaces.Get("nb201")), CancellationToken.None);
        Assert.Equal(LatencyMethods.Default, nb201.Method);
    }

    [Fact]
    public void NonNegativeLeastSquares_ClampsANegativeCoefficientToZero()
    {
        // b = 2 x0 - 1 x1 cannot be matched with x1 >= 0: the best is x1 = 0 and x0 by least squares alone.
        double[][] rows = [[1, 1], [2, 1], [3, 1], [4, 1]];
        double[] b = [1, 3, 5, 7];
        var theta = NonNegativeLeastSquares.Solve(rows, b, ridge: 0);
        Assert.Equal(0, theta[1], 9);
        Assert.Equal((1 * 1 + 2 * 3 + 3 * 5 + 4 * 7) / 30.0, theta[0], 6);
    }

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Floor(q * (sorted.Length - 1))];
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

public sealed class EnergyTargetTests
{
    [Fact]
    public void EvalLatency_EnergyTarget_LabelsTheJsonEnergyInMillijoules()
    {
        var space = SearchSpaces.Get("convnet");
        var random = new Random(4);
        var architectures = Enumerable.Range(0, 60).Select(_ => space.Sample(random)).Distinct().ToArray();
        var cells = architectures.Select(a => (double?)(1 + GraphFeatures.Of(a).MultiplyAdds / 1e7)).ToArray();
        var table = new EdgeOpt.Core.Datasets.MeasurementTable(
            space.Id, architectures.Select(space.Format).ToArray(), null, [new EdgeOpt.Core.Datasets.DeviceColumn("nano_mj", cells)]);
        var report = LatencyEvaluation.Run(new CostComponentTrainer(), new LatencyEvaluationSetup
        {
            Space = space, Test = table, Samples = 20, Seed = 0, Target = "energy",
        }, CancellationToken.None);

        using var json = System.Text.Json.JsonDocument.Parse(report.ToJson());
        Assert.Equal("energy", json.RootElement.GetProperty("target").GetString());
        Assert.Equal("mJ", json.RootElement.GetProperty("unit").GetString());
        Assert.Equal("mJ", report.Unit);
    }
}
