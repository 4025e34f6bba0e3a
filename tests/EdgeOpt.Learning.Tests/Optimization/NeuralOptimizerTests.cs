using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Optimization.Certification;
using EdgeOpt.Learning.Optimization.Costs;
using EdgeOpt.Learning.Optimization.Neural;
using EdgeOpt.Learning.Optimization.Search;
using Xunit.Abstractions;

namespace EdgeOpt.Learning.Tests.Optimization;

/// <summary>
/// The neural optimizer on synthetic NAS-Bench-201 devices whose latency is a per-operation cost sum with
/// device-specific costs; one short training is shared by the tests of this class.
/// </summary>
public sealed class NeuralOptimizerTests(NeuralOptimizerTests.TrainedPolicy trained, ITestOutputHelper output)
    : IClassFixture<NeuralOptimizerTests.TrainedPolicy>
{
    /// <summary>Per-operation cost (none, skip, conv1x1, conv3x3, pool) in ms of each known device, plus 1 ms.</summary>
    private static readonly Dictionary<string, double[]> Known = new()
    {
        ["dev_a"] = [0, 0.05, 0.8, 2.5, 0.4],
        ["dev_b"] = [0, 0.10, 1.2, 2.0, 0.9],
        ["dev_c"] = [0, 0.02, 0.5, 3.0, 0.2],
        ["dev_d"] = [0, 0.08, 1.5, 4.0, 0.3],
    };

    private static double Cost(double[] perOp, Architecture a) => 1.0 + a.Choices.Sum(c => perOp[c]);

    public sealed class TrainedPolicy
    {
        public TrainedPolicy()
        {
            var space = SearchSpaces.Nb201;
            var architectures = space.Enumerate().ToArray();
            var table = new MeasurementTable(space.Id, architectures.Select(space.Format).ToArray(), null,
                Known.Select(p => new DeviceColumn(p.Key, architectures.Select(a => (double?)Cost(p.Value, a)).ToArray())));
            Training = LatencyTrainingData.From(table, space);
            LatencyModel = LatencyMethods.Create("ridge", 0).Fit(Training, CancellationToken.None);
            Model = new NeuralOptimizerTrainer(new NeuralOptimizerTrainer.Options
            {
                Seed = 1, Steps = 500, ContextsPerStep = 16, SamplesPerContext = 16, HiddenWidth = 64, TeacherMeasurements = 150,
            }).Train(Training, LatencyModel, new FunctionAccuracy(space, OptimizationFixtures.Nb201Accuracy), null, CancellationToken.None);
        }

        public LatencyTrainingData Training { get; }

        public ILatencyModel LatencyModel { get; }

        public NeuralOptimizerModel Model { get; }
    }

    private static OptimizationProblem UnseenDevice(double budget, IReadOnlyList<Precision>? allowed = null)
    {
        double[] perOp = [0, 0.07, 1.0, 2.2, 0.6];
        return OptimizationFixtures.Problem(budget, allowed: allowed, latency: a => Cost(perOp, a));
    }

    [Fact]
    public void SaveThenLoad_GivesTheSameNetworkFeaturesAndAnswers()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgeopt-neural-{Guid.NewGuid():N}.pt");
        try
        {
            trained.Model.Save(path);
            var loaded = NeuralOptimizerModel.Load(path);

            Assert.Equal(trained.Model.FeatureArchitectures, loaded.FeatureArchitectures);
            var context = new PolicyContext(Enumerable.Range(0, trained.Model.Layout.FeatureCount).Select(i => 0.1 * i).ToArray(),
                0.7, ObjectiveWeights.AccuracyOnly, [Precision.Fp32, Precision.Int8], 0, -0.3);
            Assert.Equal(trained.Model.Logits(context), loaded.Logits(context));
            var problem = UnseenDevice(6.0);
            Assert.Equal(new NeuralDesignOptimizer(trained.Model).Optimize(problem, CancellationToken.None).Chosen.Design,
                new NeuralDesignOptimizer(loaded).Optimize(problem, CancellationToken.None).Chosen.Design);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".json");
        }
    }

    [Fact]
    public void Logits_PlainCSharpForward_EqualsTheTorchSharpModuleWithinOneMillionth()
    {
        var network = trained.Model.Network;
        var random = new Random(5);
        using var module = NeuralPolicyModule.Create(network.Sizes.ToArray());
        NeuralPolicyModule.CopyIn(module, network);
        module.eval();
        using var noGrad = TorchSharp.torch.no_grad();
        for (var trial = 0; trial < 8; trial++)
        {
            var context = new PolicyContext(
                Enumerable.Range(0, trained.Model.Layout.FeatureCount).Select(_ => 0.5 + 2.5 * random.NextDouble()).ToArray(),
                0.3 + 2.5 * random.NextDouble(), ObjectiveWeights.AccuracyOnly, [Precision.Fp32, Precision.Fp16, Precision.Int8],
                -0.5 * random.NextDouble(), -random.NextDouble());
            var input = context.Encode(trained.Model.Layout);
            using var x = TorchSharp.torch.tensor(input, [1, input.Length]);
            using var y = module.forward(x);
            var expected = y.data<float>().ToArray();

            var actual = trained.Model.Logits(context);

            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < actual.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])),
                    $"trial {trial}, logit {i}: TorchSharp {expected[i]}, C# {actual[i]}");
        }
    }

    [Fact]
    public void Logits_ManyContextsInOnePass_EqualEachContextAlone()
    {
        var features = Enumerable.Range(0, trained.Model.Layout.FeatureCount).Select(i => 0.2 + 0.15 * i).ToArray();
        var contexts = Enumerable.Range(0, 17)
            .Select(k => new PolicyContext(features, 0.5 + 0.1 * k, ObjectiveWeights.AccuracyOnly, [Precision.Fp32, Precision.Int8], -0.1, -0.4))
            .ToArray();

        var batched = trained.Model.Logits(contexts);

        Assert.Equal(contexts.Length, batched.Length);
        for (var k = 0; k < contexts.Length; k++) Assert.Equal(trained.Model.Logits(contexts[k]), batched[k]);
    }

    [Fact]
    public void HighestLogits_RestrictedCandidates_PickForEachVectorTheFirstCandidateOfTheScanMaximum()
    {
        var model = trained.Model;
        var random = new Random(9);
        var all = SearchSpaces.Nb201.Enumerate().ToArray();
        for (var trial = 0; trial < 6; trial++)
        {
            var candidates = all.Where(_ => random.NextDouble() < 0.05).ToArray();
            // Coarse logits (a few values) make ties common: the first candidate of the maximum must win, as with MaxBy;
            // fine ones test the sums themselves. Up to 17 vectors at once (the budget scan), more than one SIMD width.
            var logits = Enumerable.Range(0, 1 + trial * 3)
                .Select(k => Enumerable.Range(0, model.Layout.OutputSize)
                    .Select(_ => k % 2 == 0 ? (float)random.Next(3) : (float)(random.NextDouble() * 10 - 5)).ToArray())
                .ToArray();

            var indices = NeuralDesignOptimizer.HighestLogits(model.Layout, candidates, logits);

            Assert.Equal(logits.Length, indices.Length);
            for (var k = 0; k < logits.Length; k++)
                Assert.Equal(candidates.MaxBy(a => model.ArchitectureLogit(logits[k], a)), candidates[indices[k]]);
        }
    }

    [Fact]
    public void HighestLogit_ListGrownSinceItsFirstUse_ConsidersTheNewCandidate()
    {
        var model = trained.Model;
        var all = SearchSpaces.Nb201.Enumerate().ToArray();
        var logits = new float[model.Layout.OutputSize];
        var best = all[^1];
        for (var d = 0; d < model.Layout.DecisionCount; d++) logits[d * model.Layout.OptionCount + best.Choices[d]] = 1f;
        var candidates = all.Take(100).ToList();
        NeuralDesignOptimizer.HighestLogit(model.Layout, candidates, logits);

        candidates.Add(best);

        Assert.Equal(best, candidates[NeuralDesignOptimizer.HighestLogit(model.Layout, candidates, logits)]);
    }

    [Theory]
    [InlineData(4.0)]
    [InlineData(6.0)]
    [InlineData(9.0)]
    public void Optimize_UnseenDevice_AnswersACertifiedDesignNearTheExhaustiveOptimum(double budget)
    {
        var problem = UnseenDevice(budget);

        var neural = new NeuralDesignOptimizer(trained.Model).Optimize(problem, CancellationToken.None);
        var exhaustive = new ExhaustiveOptimizer().Optimize(problem, CancellationToken.None);

        output.WriteLine($"budget {budget}: neural {neural.Chosen.Accuracy.Top1:0.00} ({neural.Certification}), exhaustive {exhaustive.Chosen.Accuracy.Top1:0.00}");
        Assert.True(neural.Chosen.Fits);
        Assert.NotEqual(CertificationOutcome.NotCertified, neural.Certification);
        Assert.Equal("neural", neural.Optimizer);
        Assert.True(neural.Chosen.Accuracy.Top1 >= exhaustive.Chosen.Accuracy.Top1 - 0.05 * exhaustive.Chosen.Accuracy.Top1,
            $"neural {neural.Chosen.Accuracy.Top1} is more than 5 % below the optimum {exhaustive.Chosen.Accuracy.Top1}");
    }

    [Fact]
    public void Decode_OnlyInt8Allowed_PutsEverySlotInInt8()
    {
        var logits = trained.Model.Logits(new PolicyContext(new double[trained.Model.Layout.FeatureCount], 0, ObjectiveWeights.AccuracyOnly, [Precision.Int8], 0, 0));

        var design = trained.Model.Decode(logits, [Precision.Int8]);

        Assert.All(design.Policy.Slots, s => Assert.Equal(Precision.Int8, s));
    }

    [Fact]
    public void Train_WithoutKnownDevices_SaysItNeedsThem()
    {
        var space = SearchSpaces.Nb201;
        var none = LatencyTrainingData.None(space);

        var error = Assert.Throws<ArgumentException>(() => new NeuralOptimizerTrainer().Train(
            none, trained.LatencyModel, new FunctionAccuracy(space, OptimizationFixtures.Nb201Accuracy), null, CancellationToken.None));

        Assert.Contains("known devices", error.Message);
    }

    [Fact]
    public void Optimize_MeasuredInt8SpeedUp_ChargesThePenaltyAndStillFits()
    {
        var quantized = Enumerable.Range(0, 8).Select(i => SearchSpaces.Nb201.At(i * 1900 + 11))
            .Select(a => new DesignObservation(new Design(a, QuantizationPolicy.Uniform(3, Precision.Int8)), 0.5 * Cost([0, 0.07, 1.0, 2.2, 0.6], a)))
            .ToArray();
        var problem = UnseenDevice(5.0, [Precision.Fp32, Precision.Int8]);
        problem = problem with { Latency = new DesignCostModel(problem.Latency.Predictor, quantized) };

        var result = new NeuralDesignOptimizer(trained.Model).Optimize(problem, CancellationToken.None);

        var int8Slots = result.Chosen.Design.Policy.Slots.Count(s => s == Precision.Int8);
        Assert.True(result.Chosen.Fits);
        Assert.Equal(OptimizationFixtures.Nb201Accuracy(result.Chosen.Design.Architecture) - int8Slots * problem.QuantizationPrior!.Int8PenaltyPerSlot,
            result.Chosen.Accuracy.Top1, 9);
    }
}
