using EdgeOpt.Core.Networks;

namespace EdgeOpt.Core.Onnx;

/// <summary>
/// Random weights for every layer of a network, fixed by a seed (each layer draws from its own stream, so a
/// layer's values do not depend on the precision the model is written in).
/// Scale: a convolution or fully connected layer draws zero-mean normal weights with variance
/// 1 / (fan-in x mean square of its input), the He rule generalised to the actual input energy, so that every
/// such layer outputs unit mean square the way a trained batch norm would; folded biases are N(0, 0.1^2).
/// A standalone batch norm scales by 1 / rms of its input. Activations therefore neither explode nor vanish
/// with depth, whatever the mix of identity, pooling and zero edges.
/// </summary>
internal static class NetworkWeights
{
    // Floor for the input energy used in scaling, so a layer fed (almost) only zeros or biases keeps sane weights.
    private const double MinInputMeanSquare = 1e-2;

    public static IReadOnlyDictionary<string, LayerWeights> Draw(Network network, SignalEstimate signal, int seed)
    {
        var weights = new Dictionary<string, LayerWeights>();
        for (var i = 0; i < network.Layers.Count; i++)
        {
            var layer = network.Layers[i];
            var random = new SeededRandom(seed, i);
            switch (layer)
            {
                case ConvLayer conv:
                {
                    var fanIn = (double)(conv.InChannels / conv.Groups) * conv.KernelSize * conv.KernelSize;
                    var std = 1.0 / Math.Sqrt(fanIn * InputMeanSquare(signal, conv));
                    var w = random.Gaussian(conv.WeightCount, std);
                    var b = conv.HasBias ? random.Gaussian(conv.OutChannels, SignalEstimate.BiasStd) : null;
                    weights[layer.Name] = new LayerWeights(w, b);
                    break;
                }
                case GemmLayer gemm:
                {
                    var std = 1.0 / Math.Sqrt(gemm.InFeatures * InputMeanSquare(signal, gemm));
                    var w = random.Gaussian((long)gemm.InFeatures * gemm.OutFeatures, std);
                    weights[layer.Name] = new LayerWeights(w, random.Gaussian(gemm.OutFeatures, 0.01));
                    break;
                }
                case BatchNormLayer bn:
                {
                    var channels = bn.Output.Channels;
                    var baseScale = 1.0 / Math.Sqrt(InputMeanSquare(signal, bn));
                    var scale = new float[channels];
                    for (var c = 0; c < channels; c++) scale[c] = (float)(baseScale * (0.8 + 0.4 * random.NextDouble()));
                    weights[layer.Name] = new LayerWeights(scale, random.Gaussian(channels, SignalEstimate.BiasStd));
                    break;
                }
            }
        }
        return weights;
    }

    private static double InputMeanSquare(SignalEstimate signal, NetworkLayer layer) =>
        Math.Max(signal.MeanSquare(layer.Inputs[0]), MinInputMeanSquare);
}
