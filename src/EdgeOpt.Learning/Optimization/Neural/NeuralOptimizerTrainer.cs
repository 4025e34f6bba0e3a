using System.Diagnostics;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.NeuralLinear;
using EdgeOpt.Learning.Optimization.Accuracy;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeOpt.Learning.Optimization.Neural;

/// <summary>
/// Trains the neural optimizer, amortized over devices and budgets (policy gradient, TorchSharp).
/// <para>Known devices become teachers: the latency model adapted to <see cref="Options.TeacherMeasurements"/> of
/// each device's cells. Each training question is a device — a known one, or (augmentation, so that the policy
/// generalizes to devices it has never seen) a geometric mixture of two or three known devices with random weights,
/// optionally bent by a random monotone transform of log latency — with a budget drawn between the 3rd and 97th
/// percentile of its latencies, objective weights, an allowed-precision mask and random precision cost factors.
/// The policy's input is that device's log latencies at the feature architectures (exactly what a new device's
/// predictor gives after its K measurements), the budget and the rest of the question; its output one categorical
/// distribution per decision and per precision slot. For each question <see cref="Options.SamplesPerContext"/>
/// designs are sampled and rewarded with their objective (accuracy from the accuracy source minus the quantization
/// prior's penalty, minus the weighted log latency) less a penalty for exceeding the budget
/// (<see cref="Options.ViolationJump"/> + <see cref="Options.ViolationSlope"/> x ln(latency / budget)). The loss is
/// REINFORCE with the mean reward of the question's samples as baseline (advantages scaled per question, so that
/// fine accuracy differences count as much as budget misses), plus self-imitation — the log-likelihood of the
/// question's best sample, weighted by <see cref="Options.SelfImitation"/>, which moves the distribution's mode (what
/// inference decodes) onto the best design found — and an entropy bonus that decays to zero.</para>
/// </summary>
public sealed class NeuralOptimizerTrainer
{
    public sealed class Options
    {
        public int Seed { get; init; }

        /// <summary>Feature architectures describing a device (2..256).</summary>
        public int FeatureCount { get; init; } = 16;

        /// <summary>Cells of each known device its teacher predictor adapts to.</summary>
        public int TeacherMeasurements { get; init; } = 100;

        /// <summary>Architectures per teacher used to place budgets.</summary>
        public int ReferenceArchitectures { get; init; } = 1000;

        public int HiddenWidth { get; init; } = 256;

        public int Steps { get; init; } = 3000;

        public int ContextsPerStep { get; init; } = 32;

        public int SamplesPerContext { get; init; } = 16;

        public double LearningRate { get; init; } = 1e-3;

        /// <summary>Entropy bonus at the start (decays linearly to 0 at the end).</summary>
        public double EntropyBonus { get; init; } = 0.02;

        /// <summary>Weight of the best sample's log-likelihood in the loss.</summary>
        public double SelfImitation { get; init; } = 0.5;

        /// <summary>Share of questions asked of a mixture of known devices rather than one.</summary>
        public double MixtureShare { get; init; } = 0.6;

        /// <summary>Reward points lost by any design over budget.</summary>
        public double ViolationJump { get; init; } = 5.0;

        /// <summary>Reward points lost per unit of ln(latency / budget) over budget.</summary>
        public double ViolationSlope { get; init; } = 100.0;

        /// <summary>Train for designs with quantized slots too (masks and cost factors drawn at random).</summary>
        public bool Quantization { get; init; } = true;

        /// <summary>TorchSharp threads while training (null: its default).</summary>
        public int? Threads { get; init; } = 1;
    }

    private readonly Options _options;

    public NeuralOptimizerTrainer(Options? options = null)
    {
        _options = options ?? new Options();
        if (_options.FeatureCount is < 2 or > 256) throw new ArgumentOutOfRangeException(nameof(options), _options.FeatureCount, "FeatureCount: 2..256");
        if (_options.Steps < 1 || _options.ContextsPerStep < 1 || _options.SamplesPerContext < 2)
            throw new ArgumentOutOfRangeException(nameof(options), "Steps >= 1, ContextsPerStep >= 1, SamplesPerContext >= 2");
        if (_options.TeacherMeasurements < 2) throw new ArgumentOutOfRangeException(nameof(options), _options.TeacherMeasurements, "TeacherMeasurements: at least 2");
        if (_options.HiddenWidth < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.HiddenWidth, "HiddenWidth: at least 1");
    }

    /// <param name="training">The known devices (at least one) and their measurements.</param>
    /// <param name="latencyModel">The latency model trained on them (it adapts each teacher).</param>
    /// <param name="accuracy">fp32 accuracy per architecture.</param>
    /// <param name="prior">Quantization penalty; null = the space's default (or no quantized training when it has none).</param>
    public NeuralOptimizerModel Train(
        LatencyTrainingData training, ILatencyModel latencyModel, IAccuracySource accuracy, QuantizationAccuracyPrior? prior,
        CancellationToken cancellationToken, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(latencyModel);
        ArgumentNullException.ThrowIfNull(accuracy);
        if (training.Devices.Count == 0)
            throw new ArgumentException("the neural optimizer learns from known devices; the training data has none", nameof(training));
        var space = training.Space;
        if (accuracy.Space.Id != space.Id || latencyModel.Space.Id != space.Id)
            throw new ArgumentException($"the accuracy source ('{accuracy.Space.Id}') and latency model ('{latencyModel.Space.Id}') must be for '{space.Id}'");
        var clock = Stopwatch.StartNew();
        var random = new Random(_options.Seed);
        var quantize = _options.Quantization && (prior is not null || space.Id is Nb201Space.SpaceId or FbnetSpace.SpaceId);
        prior ??= quantize ? QuantizationAccuracyPrior.Default(space) : null;

        var features = FeatureArchitectures(training);
        var layout = PolicyLayout.For(space, features.Length);
        var reference = Reference(training, random);
        var teachers = training.Devices.Select(device => Teacher(training, latencyModel, device, features, reference, random)).ToArray();
        progress?.Invoke($"neural optimizer: {teachers.Length} teacher devices, {features.Length} feature architectures, {clock.Elapsed.TotalSeconds:0.0} s");
        var accuracyCache = new Dictionary<Architecture, double>();
        var covered = accuracy.Architectures is { } list ? new HashSet<Architecture>(list) : null;
        var worstAccuracy = covered is null ? 0.0 : accuracy.Predict(accuracy.Architectures!).Min(p => p.Top1);

        if (_options.Threads is { } threads) set_num_threads(threads);
        manual_seed(_options.Seed);
        var sizes = new[] { layout.InputSize, _options.HiddenWidth, _options.HiddenWidth, layout.OutputSize };
        using var module = NeuralPolicyModule.Create(sizes);
        using var adam = new TensorAdam(module.parameters());
        // Options a decision does not have get -1e9 added to their logits. Every Scalar handed to native code below is
        // held in a variable until the call returns (see TensorAdam for why).
        var invalid = new float[layout.DecisionCount * layout.OptionCount];
        for (var d = 0; d < layout.DecisionCount; d++)
            for (var o = layout.OptionsPerDecision[d]; o < layout.OptionCount; o++) invalid[d * layout.OptionCount + o] = -1e9f;
        using var invalidMask = tensor(invalid, [1, layout.DecisionCount, layout.OptionCount]);
        using var one = 1.0.ToScalar();
        using var minusSelfImitation = (-_options.SelfImitation).ToScalar();
        using var perQuestion = (1.0 / _options.ContextsPerStep).ToScalar();

        var c = _options.ContextsPerStep;
        var m = _options.SamplesPerContext;
        var recent = new Queue<double>();
        for (var step = 0; step < _options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var progressShare = (double)step / _options.Steps;
            var learningRate = _options.LearningRate * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * progressShare)));
            var questions = Enumerable.Range(0, c).Select(_ => Question(teachers, layout, prior is not null, random)).ToArray();
            var inputs = questions.SelectMany(q => q.Context.Encode(layout)).ToArray();
            var precisionMask = questions.SelectMany(q => new[] { Precision.Fp32, Precision.Fp16, Precision.Int8 }
                .Select(p => q.Context.Allowed.Contains(p) ? 0f : -1e9f)).ToArray();
            using (var scope = NewDisposeScope())
            {
                var logits = module.forward(tensor(inputs, [c, layout.InputSize]));
                var architectureLogp = nn.functional.log_softmax(
                    logits.narrow(1, 0, layout.ArchitectureLogits).reshape(c, layout.DecisionCount, layout.OptionCount)
                        .add(invalidMask, one), 2);
                var precisionLogp = nn.functional.log_softmax(
                    logits.narrow(1, layout.ArchitectureLogits, layout.SlotCount * PolicyLayout.PrecisionCount)
                        .reshape(c, layout.SlotCount, PolicyLayout.PrecisionCount).add(tensor(precisionMask, [c, 1, PolicyLayout.PrecisionCount]), one), 2);
                Tensor architectureSamples, precisionSamples;
                using (no_grad())
                {
                    architectureSamples = multinomial(architectureLogp.exp().reshape(c * layout.DecisionCount, layout.OptionCount), m, true)
                        .reshape(c, layout.DecisionCount, m);
                    precisionSamples = multinomial(precisionLogp.exp().reshape(c * layout.SlotCount, PolicyLayout.PrecisionCount), m, true)
                        .reshape(c, layout.SlotCount, m);
                }
                var rewards = Rewards(space, layout, questions, architectureSamples.data<long>().ToArray(), precisionSamples.data<long>().ToArray(),
                    m, accuracy, covered, worstAccuracy, accuracyCache, prior);
                foreach (var r in rewards) { recent.Enqueue(r); if (recent.Count > 20 * c * m) recent.Dequeue(); }
                var (advantages, best) = Advantages(rewards, c, m);
                var logp = architectureLogp.gather(2, architectureSamples).sum(1).add(precisionLogp.gather(2, precisionSamples).sum(1), one);
                var negativeEntropy = architectureLogp.exp().mul(architectureLogp).sum([1, 2])
                    .add(precisionLogp.exp().mul(precisionLogp).sum([1, 2]), one).mean();
                using var beta = (_options.EntropyBonus * (1 - progressShare)).ToScalar();
                var imitation = logp.mul(tensor(best, [c, m])).sum().mul(perQuestion);
                // loss = -mean(advantage x log p) - w x imitation + beta x (-entropy)
                var loss = tensor(advantages, [c, m]).mul(logp).mean().neg()
                    .add(imitation.mul(minusSelfImitation), one)
                    .add(negativeEntropy.mul(beta), one);
                adam.ZeroGrad();
                loss.backward();
            }
            adam.Step(learningRate);
            if (progress is not null && (step + 1) % 250 == 0)
                progress($"neural optimizer: step {step + 1}/{_options.Steps}, mean reward {recent.Average():0.00}, {clock.Elapsed.TotalSeconds:0.0} s");
        }
        var network = NeuralPolicyModule.CopyOut(module, sizes);
        return new NeuralOptimizerModel(space, layout, features, network, training.Devices.ToArray(), clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Architectures spread evenly over the known devices' mean log latency (fast, middle and slow networks all
    /// describe a device), leaving out those whose output cannot depend on the input (their cost says more about a
    /// compiler's dead-code elimination than about the device).
    /// </summary>
    private Architecture[] FeatureArchitectures(LatencyTrainingData training)
    {
        var architectures = training.Architectures;
        var featurizer = new ArchitectureFeaturizer(training.Space);
        var logs = training.Devices.Select(training.LogColumn).ToArray();
        var meanLog = new List<(int Row, double Mean)>();
        for (var r = 0; r < architectures.Count; r++)
        {
            if (featurizer.IsDegenerate(architectures[r])) continue;
            double sum = 0;
            var count = 0;
            foreach (var column in logs)
            {
                if (double.IsNaN(column[r])) continue;
                sum += column[r];
                count++;
            }
            if (count * 2 > logs.Length) meanLog.Add((r, sum / count));
        }
        if (meanLog.Count < _options.FeatureCount)
            throw new ArgumentException(
                $"the known devices share {meanLog.Count} measured architectures; the neural optimizer needs at least {_options.FeatureCount}");
        var sorted = meanLog.OrderBy(p => p.Mean).ToArray();
        var chosen = new List<Architecture>(_options.FeatureCount);
        for (var k = 0; k < _options.FeatureCount; k++)
        {
            var position = (int)Math.Round((k + 0.5) / _options.FeatureCount * (sorted.Length - 1));
            for (var step = 0; step < sorted.Length; step++)
            {
                var candidate = architectures[sorted[(position + step) % sorted.Length].Row];
                if (!chosen.Contains(candidate)) { chosen.Add(candidate); break; }
            }
        }
        return chosen.ToArray();
    }

    private Architecture[] Reference(LatencyTrainingData training, Random random)
    {
        var rows = Enumerable.Range(0, training.Architectures.Count).ToArray();
        random.Shuffle(rows);
        return rows.Take(_options.ReferenceArchitectures).Select(r => training.Architectures[r]).ToArray();
    }

    private TeacherDevice Teacher(
        LatencyTrainingData training, ILatencyModel model, string device, Architecture[] features, Architecture[] reference, Random random)
    {
        var column = training.Table.Column(device);
        var rows = Enumerable.Range(0, column.Count).Where(r => column[r] is > 0).ToArray();
        if (rows.Length == 0) throw new ArgumentException($"known device '{device}' has no measurement");
        random.Shuffle(rows);
        var observations = rows.Take(_options.TeacherMeasurements)
            .Select(r => new LatencyObservation(training.Architectures[r], column[r]!.Value)).ToArray();
        return new TeacherDevice(device, model.Adapt(observations), features, reference);
    }

    /// <summary>A training question and how to score designs for it.</summary>
    private sealed record TrainingQuestion(PolicyContext Context, (TeacherDevice Device, double Weight)[] Mixture, double Bend, double BendCenter);

    private TrainingQuestion Question(TeacherDevice[] teachers, PolicyLayout layout, bool quantize, Random random)
    {
        (TeacherDevice, double)[] mixture;
        if (teachers.Length == 1 || random.NextDouble() >= _options.MixtureShare)
            mixture = [(teachers[random.Next(teachers.Length)], 1.0)];
        else
        {
            var count = Math.Min(teachers.Length, random.Next(2, 4));
            var picked = teachers.OrderBy(_ => random.Next()).Take(count).ToArray();
            var weights = picked.Select(_ => -Math.Log(1 - random.NextDouble())).ToArray();
            var total = weights.Sum();
            mixture = picked.Select((t, i) => (t, weights[i] / total)).ToArray();
        }
        var referenceLogs = Mix(mixture, t => t.ReferenceLogs);
        var sorted = referenceLogs.Order().ToArray();
        var center = sorted[sorted.Length / 2];
        var range = Math.Max(sorted[^1] - sorted[0], 1e-6);
        var bend = random.NextDouble() < 0.5 ? (random.NextDouble() * 2 - 1) * 0.3 / range : 0.0;
        double Bent(double x) => x + bend * (x - center) * (x - center);
        var featureLogs = Mix(mixture, t => t.FeatureLogs).Select(Bent).ToArray();
        var u = 0.03 + 0.94 * random.NextDouble();
        var logBudget = Bent(sorted[(int)Math.Round(u * (sorted.Length - 1))]);
        var weightsObjective = random.NextDouble() < 0.75 ? ObjectiveWeights.AccuracyOnly : new ObjectiveWeights(1.0, 3.0 * random.NextDouble());
        IReadOnlyList<Precision> allowed = [Precision.Fp32];
        double fp16 = 0, int8 = 0;
        if (quantize)
        {
            var draw = random.NextDouble();
            allowed = draw < 0.5 ? [Precision.Fp32]
                : draw < 0.7 ? [Precision.Fp32, Precision.Int8]
                : draw < 0.9 ? [Precision.Fp32, Precision.Fp16, Precision.Int8]
                : [Precision.Fp32, Precision.Fp16];
            if (random.NextDouble() < 0.5)
            {
                fp16 = Math.Log(0.5) * random.NextDouble() + 0.05 * (random.NextDouble() - 0.5);
                int8 = Math.Log(0.35) * random.NextDouble() + 0.05 * (random.NextDouble() - 0.5);
            }
        }
        return new TrainingQuestion(new PolicyContext(featureLogs, logBudget, weightsObjective, allowed, fp16, int8), mixture, bend, center);
    }

    private static double[] Mix((TeacherDevice Device, double Weight)[] mixture, Func<TeacherDevice, double[]> values)
    {
        var result = new double[values(mixture[0].Device).Length];
        foreach (var (device, weight) in mixture)
        {
            var v = values(device);
            for (var i = 0; i < result.Length; i++) result[i] += weight * v[i];
        }
        return result;
    }

    private double[] Rewards(
        ISearchSpace space, PolicyLayout layout, TrainingQuestion[] questions, long[] architectureSamples, long[] precisionSamples, int m,
        IAccuracySource accuracy, HashSet<Architecture>? covered, double worstAccuracy, Dictionary<Architecture, double> accuracyCache,
        QuantizationAccuracyPrior? prior)
    {
        var c = questions.Length;
        var designs = new Architecture[c * m];
        var int8Slots = new int[c * m];
        var fp16Slots = new int[c * m];
        for (var q = 0; q < c; q++)
        {
            for (var s = 0; s < m; s++)
            {
                var choices = new int[layout.DecisionCount];
                for (var d = 0; d < choices.Length; d++) choices[d] = (int)architectureSamples[(q * layout.DecisionCount + d) * m + s];
                designs[q * m + s] = new Architecture(space.Id, choices);
                for (var slot = 0; slot < layout.SlotCount; slot++)
                {
                    var p = (Precision)precisionSamples[(q * layout.SlotCount + slot) * m + s];
                    if (p == Precision.Int8) int8Slots[q * m + s]++;
                    else if (p == Precision.Fp16) fp16Slots[q * m + s]++;
                }
            }
        }
        var missing = designs.Where(a => !accuracyCache.ContainsKey(a) && (covered is null || covered.Contains(a))).Distinct().ToArray();
        if (missing.Length > 0)
        {
            var predicted = accuracy.Predict(missing);
            for (var i = 0; i < missing.Length; i++) accuracyCache[missing[i]] = predicted[i].Top1;
        }
        var rewards = new double[c * m];
        for (var q = 0; q < c; q++)
        {
            var question = questions[q];
            var slice = designs.AsSpan(q * m, m).ToArray();
            var logs = new double[m];
            foreach (var (device, weight) in question.Mixture)
            {
                var v = device.LogLatency(slice);
                for (var s = 0; s < m; s++) logs[s] += weight * v[s];
            }
            for (var s = 0; s < m; s++)
            {
                var i = q * m + s;
                var x = logs[s];
                var log = x + question.Bend * (x - question.BendCenter) * (x - question.BendCenter)
                          + (fp16Slots[i] * question.Context.Fp16LogFactor + int8Slots[i] * question.Context.Int8LogFactor) / layout.SlotCount;
                // Architectures the accuracy source does not cover (a sparse table) get its worst accuracy.
                var top1 = accuracyCache.TryGetValue(designs[i], out var a) ? a : worstAccuracy;
                if (prior is not null) top1 -= int8Slots[i] * prior.Int8PenaltyPerSlot + fp16Slots[i] * prior.Fp16PenaltyPerSlot;
                var reward = question.Context.Weights.Score(top1, log, double.NaN);
                var over = log - question.Context.LogBudget;
                if (over > 0) reward -= _options.ViolationJump + _options.ViolationSlope * over;
                rewards[i] = reward;
            }
        }
        return rewards;
    }

    /// <summary>
    /// Per question: reward minus the mean of its samples, divided by their spread (0 when all are equal); and a
    /// one-hot marker of its best sample (for self-imitation).
    /// </summary>
    private static (float[] Advantages, float[] Best) Advantages(double[] rewards, int c, int m)
    {
        var advantages = new float[rewards.Length];
        var best = new float[rewards.Length];
        for (var q = 0; q < c; q++)
        {
            var mean = 0.0;
            var top = q * m;
            for (var s = 0; s < m; s++)
            {
                mean += rewards[q * m + s];
                if (rewards[q * m + s] > rewards[top]) top = q * m + s;
            }
            mean /= m;
            var variance = 0.0;
            for (var s = 0; s < m; s++) variance += (rewards[q * m + s] - mean) * (rewards[q * m + s] - mean);
            var spread = Math.Sqrt(variance / m);
            for (var s = 0; s < m; s++) advantages[q * m + s] = spread > 1e-9 ? (float)((rewards[q * m + s] - mean) / spread) : 0f;
            best[top] = 1f;
        }
        return (advantages, best);
    }
}
