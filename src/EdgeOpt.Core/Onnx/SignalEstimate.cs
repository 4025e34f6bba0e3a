using EdgeOpt.Core.Networks;

namespace EdgeOpt.Core.Onnx;

/// <summary>
/// Analytic mean square of every tensor of a network fed with standard normal inputs, given that each
/// convolution, batch norm and fully connected layer is drawn to output unit mean square (what trained batch
/// norms do). A tensor is tracked as a linear combination of independent sources (the input and the outputs of
/// those layers and of ReLUs), so identity paths that meet again (skip + skip) add coherently, as they do.
/// Average pooling is taken as keeping the mean square (an upper bound, exact for smooth inputs).
/// </summary>
internal sealed class SignalEstimate
{
    /// <summary>Mean square of a conv / batch-norm output: unit signal plus the folded bias.</summary>
    public const double NormalizedMeanSquare = 1.0 + BiasStd * BiasStd;

    public const double BiasStd = 0.1;

    private readonly List<double> _sourceMeanSquares = [];
    private readonly Dictionary<string, Dictionary<int, double>> _combinations = [];
    private readonly Dictionary<string, double> _meanSquares = [];

    public SignalEstimate(Network network)
    {
        Set(network.Input, NewSource(1.0));
        foreach (var layer in network.Layers) Set(layer.Output, Propagate(layer));
    }

    public double MeanSquare(NetworkTensor tensor) => _meanSquares[tensor.Name];

    public double Rms(NetworkTensor tensor) => Math.Sqrt(MeanSquare(tensor));

    private Dictionary<int, double> Propagate(NetworkLayer layer)
    {
        switch (layer)
        {
            case ConvLayer conv:
                return NewSource(conv.HasBias ? NormalizedMeanSquare : 1.0);
            case BatchNormLayer:
                return NewSource(NormalizedMeanSquare);
            case GemmLayer:
                return NewSource(1.0);
            case ReluLayer relu:
                var input = relu.Inputs[0];
                // Half the energy of a zero-mean symmetric input survives; a non-negative one passes unchanged.
                return NewSource(input.NonNegative ? MeanSquare(input) : MeanSquare(input) / 2);
            case GlobalAvgPoolLayer pool:
                // Spatial mean of a ReLU output keeps its squared mean (1/pi of the energy of a rectified normal);
                // of a zero-mean map, roughly its energy over the number of positions.
                var x = pool.Inputs[0];
                return NewSource(x.NonNegative
                    ? MeanSquare(x) / Math.PI
                    : MeanSquare(x) / (x.Height * x.Width));
            case ZeroLayer:
                return [];
            case AddLayer add:
                var sum = new Dictionary<int, double>();
                foreach (var term in add.Inputs)
                    foreach (var (source, coefficient) in _combinations[term.Name])
                        sum[source] = sum.GetValueOrDefault(source) + coefficient;
                return sum;
            case AvgPoolLayer or ChannelShuffleLayer:
                return _combinations[layer.Inputs[0].Name];
            default:
                throw new NotSupportedException($"no signal rule for layer {layer.Name} ({layer.GetType().Name})");
        }
    }

    private Dictionary<int, double> NewSource(double meanSquare)
    {
        _sourceMeanSquares.Add(meanSquare);
        return new Dictionary<int, double> { [_sourceMeanSquares.Count - 1] = 1.0 };
    }

    private void Set(NetworkTensor tensor, Dictionary<int, double> combination)
    {
        _combinations[tensor.Name] = combination;
        var ms = 0.0;
        foreach (var (source, coefficient) in combination) ms += coefficient * coefficient * _sourceMeanSquares[source];
        _meanSquares[tensor.Name] = ms;
    }
}
