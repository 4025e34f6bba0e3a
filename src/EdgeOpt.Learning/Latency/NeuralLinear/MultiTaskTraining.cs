using TorchSharp;
using static TorchSharp.torch;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>What multi-task training produces.</summary>
/// <param name="Network">The shared embedding φ.</param>
/// <param name="Heads">Per known device, [w (embedding size), b]: log cost ≈ φ(a)·w + b, in natural-log units.</param>
/// <param name="ResidualVariances">Per known device, the mean squared residual of its head on its training cells (log units).</param>
/// <param name="FinalLoss">Training loss (standardized units) at the end.</param>
internal sealed record MultiTaskResult(FeatureNetwork Network, double[][] Heads, double[] ResidualVariances, double FinalLoss);

/// <summary>
/// Trains φ and one linear head per known device jointly on all measured cells (masked squared error on the
/// per-device standardized log cost, plus an L2 penalty on the heads), with Adam and a cosine learning rate.
/// Seeded: the same data, options and seed give the same network.
/// </summary>
internal static class MultiTaskTraining
{
    public static MultiTaskResult Train(
        LatencyTrainingData data, ArchitectureFeaturizer featurizer, NeuralLinearTrainer.Options options, int seed,
        CancellationToken cancellationToken)
    {
        var devices = data.Devices;
        var logs = devices.Select(data.LogColumn).ToArray();
        var rows = Enumerable.Range(0, data.Architectures.Count).Where(r => logs.Any(c => !double.IsNaN(c[r]))).ToArray();
        if (rows.Length < 2) throw new ArgumentException("the known devices have fewer than 2 measured architectures");

        var d = devices.Count;
        var mean = new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            var values = rows.Select(r => logs[j][r]).Where(v => !double.IsNaN(v)).ToArray();
            if (values.Length < 2) throw new ArgumentException($"known device '{devices[j]}' has fewer than 2 measured architectures");
            mean[j] = values.Average();
            scale[j] = Math.Sqrt(Math.Max(values.Sum(v => (v - mean[j]) * (v - mean[j])) / (values.Length - 1), 1e-12));
        }

        // Dense graph features are standardized over the training rows.
        var denseLength = featurizer.DenseLength;
        var denseMean = new double[denseLength];
        var denseScale = Enumerable.Repeat(1.0, denseLength).ToArray();
        if (denseLength > 0)
        {
            var dense = rows.Select(r => featurizer.Dense(data.Architectures[r])).ToArray();
            for (var k = 0; k < denseLength; k++)
            {
                denseMean[k] = dense.Average(v => v[k]);
                var variance = dense.Average(v => (v[k] - denseMean[k]) * (v[k] - denseMean[k]));
                denseScale[k] = variance > 1e-12 ? Math.Sqrt(variance) : 1.0;
            }
        }

        var f = featurizer.Length;
        var n = rows.Length;
        var x = new float[n * f];
        var y = new float[n * d];
        var m = new float[n * d];
        var shell = new FeatureNetwork(featurizer, 1, 1, new float[f], new float[1], new float[1], new float[1], new float[1], new float[1], denseMean, denseScale);
        for (var i = 0; i < n; i++)
        {
            shell.Input(data.Architectures[rows[i]]).CopyTo(x, i * f);
            for (var j = 0; j < d; j++)
            {
                var v = logs[j][rows[i]];
                if (double.IsNaN(v)) continue;
                y[i * d + j] = (float)((v - mean[j]) / scale[j]);
                m[i * d + j] = 1f;
            }
        }

        if (options.Threads is { } threads) set_num_threads(threads);
        var hidden = options.HiddenWidth;
        var embedding = options.EmbeddingSize;
        // Modules and the optimizer live outside any dispose scope and are disposed here, once: a scope would free
        // their parameters and optimizer state while the modules still refer to them.
        using var layer1 = nn.Linear(f, hidden);
        using var layer2 = nn.Linear(hidden, hidden);
        using var layer3 = nn.Linear(hidden, embedding);
        using var heads = nn.Linear(embedding, d);
        // Initial weights come from System.Random(seed), not from torch's process-wide generator, so that trainings
        // running at the same time (tests, a server) cannot change each other's initialization.
        var random = new Random(seed);
        foreach (var layer in new[] { layer1, layer2, layer3, heads }) Initialize(layer, random);
        var parameters = layer1.parameters().Concat(layer2.parameters()).Concat(layer3.parameters()).Concat(heads.parameters()).ToArray();
        using var optimizer = new TensorAdam(parameters);
        var one = optimizer.One;
        using var headPenalty = tensor((float)options.HeadPenalty);

        using var scope = NewDisposeScope();
        var inputs = tensor(x, [n, f]);
        var targets = tensor(y, [n, d]);
        var mask = tensor(m, [n, d]);
        Tensor Embed(Tensor input) =>
            layer3.forward(nn.functional.silu(layer2.forward(nn.functional.silu(layer1.forward(input)))));

        var order = Enumerable.Range(0, n).ToArray();
        var batch = Math.Min(options.BatchSize, n);
        var stepsPerEpoch = (n + batch - 1) / batch;
        var totalSteps = Math.Max(1, options.Epochs * stepsPerEpoch);
        var step = 0;
        var finalLoss = double.NaN;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(order);
            var lossSum = 0.0;
            for (var start = 0; start < n; start += batch)
            {
                using var stepScope = NewDisposeScope();
                var count = Math.Min(batch, n - start);
                var index = tensor(order.AsSpan(start, count).ToArray().Select(i => (long)i).ToArray(), [count]);
                var xb = inputs.index_select(0, index);
                var yb = targets.index_select(0, index);
                var mb = mask.index_select(0, index);
                var lr = options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * step / totalSteps));
                optimizer.ZeroGrad();
                // Every row has at least one measured cell, so the mask sum is >= 1. No implicit Scalars (see TensorAdam).
                var error = heads.forward(Embed(xb)).sub(yb);
                var squared = error.mul(error).mul(mb);
                var weights = heads.weight!;
                var loss = squared.sum().div(mb.sum()).add(weights.mul(weights).sum().mul(headPenalty), one);
                loss.backward();
                optimizer.Step(lr);
                lossSum += loss.item<float>() * count;
                step++;
            }
            finalLoss = lossSum / n;
        }

        using var noGrad = no_grad();
        var phi = Embed(inputs);
        var fitted = heads.forward(phi);
        var misfit = fitted.sub(targets);
        var residualSums = misfit.mul(misfit).mul(mask).sum(0L).data<float>().ToArray();
        var measuredCounts = new double[d];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++) measuredCounts[j] += m[i * d + j];
        var residualStd = residualSums.Select((r, j) => r / Math.Max(measuredCounts[j], 1)).ToArray();

        var headWeights = heads.weight!.data<float>().ToArray(); // [d][embedding]
        var headBias = heads.bias!.data<float>().ToArray();
        var resultHeads = new double[d][];
        var residualVariances = new double[d];
        for (var j = 0; j < d; j++)
        {
            var head = new double[embedding + 1];
            for (var k = 0; k < embedding; k++) head[k] = scale[j] * headWeights[j * embedding + k];
            head[embedding] = mean[j] + scale[j] * headBias[j];
            resultHeads[j] = head;
            residualVariances[j] = scale[j] * scale[j] * residualStd[j];
        }

        var network = new FeatureNetwork(featurizer, hidden, embedding,
            Transpose(layer1.weight!.data<float>().ToArray(), hidden, f), layer1.bias!.data<float>().ToArray(),
            layer2.weight!.data<float>().ToArray(), layer2.bias!.data<float>().ToArray(),
            layer3.weight!.data<float>().ToArray(), layer3.bias!.data<float>().ToArray(),
            denseMean, denseScale);
        return new MultiTaskResult(network, resultHeads, residualVariances, finalLoss);
    }

    /// <summary>PyTorch's default for a linear layer: weights and biases uniform in ±1/√(inputs).</summary>
    private static void Initialize(TorchSharp.Modules.Linear layer, Random random)
    {
        var weight = layer.weight!;
        var inputs = weight.shape[1];
        var bound = 1.0 / Math.Sqrt(inputs);
        float[] Uniform(long count) => Enumerable.Range(0, (int)count).Select(_ => (float)((random.NextDouble() * 2 - 1) * bound)).ToArray();
        using var noGrad = no_grad();
        using var w = tensor(Uniform(weight.numel()), weight.shape);
        weight.copy_(w);
        var bias = layer.bias!;
        using var b = tensor(Uniform(bias.numel()), bias.shape);
        bias.copy_(b);
    }

    /// <summary>Row-major [rows][columns] → [columns][rows].</summary>
    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var result = new float[matrix.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++) result[c * rows + r] = matrix[r * columns + c];
        return result;
    }
}
