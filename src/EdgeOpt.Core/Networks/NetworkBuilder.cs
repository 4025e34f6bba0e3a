namespace EdgeOpt.Core.Networks;

/// <summary>
/// Appends layers in execution order, naming tensors uniquely and inferring their shapes.
/// Shared by the per-space network definitions.
/// </summary>
internal sealed class NetworkBuilder
{
    private readonly List<NetworkLayer> _layers = [];
    private readonly HashSet<string> _names = ["input"];

    public NetworkBuilder(int channels, int height, int width)
    {
        Input = new NetworkTensor("input", [channels, height, width], nonNegative: false);
    }

    public NetworkTensor Input { get; }

    public IReadOnlyList<NetworkLayer> Layers => _layers;

    /// <summary>Slot given to the layers added next (null: no slot, fp32).</summary>
    public int? Slot { get; set; }

    public NetworkTensor Conv(string name, NetworkTensor input, int outChannels, int kernel, int stride = 1,
        int? padding = null, int groups = 1, bool bias = true)
    {
        var pad = padding ?? kernel / 2;
        if (input.Channels % groups != 0 || outChannels % groups != 0)
            throw new InvalidOperationException(
                $"{name}: {input.Channels} -> {outChannels} channels cannot be split into {groups} groups");
        var output = NewTensor(name, [outChannels, OutSize(input.Height, kernel, stride, pad),
            OutSize(input.Width, kernel, stride, pad)], nonNegative: false);
        _layers.Add(new ConvLayer(name, input, output, Slot, kernel, stride, pad, groups, bias));
        return output;
    }

    public NetworkTensor Relu(string name, NetworkTensor input)
    {
        var output = NewTensor(name, input.Shape, nonNegative: true);
        _layers.Add(new ReluLayer(name, input, output, Slot));
        return output;
    }

    public NetworkTensor AvgPool(string name, NetworkTensor input, int kernel, int stride, int padding,
        bool countIncludePad = false)
    {
        var output = NewTensor(name, [input.Channels, OutSize(input.Height, kernel, stride, padding),
            OutSize(input.Width, kernel, stride, padding)], input.NonNegative);
        _layers.Add(new AvgPoolLayer(name, input, output, Slot, kernel, stride, padding, countIncludePad));
        return output;
    }

    /// <summary>The sum of the terms; a single term is returned as is (no layer).</summary>
    public NetworkTensor Sum(string name, IReadOnlyList<NetworkTensor> terms)
    {
        if (terms.Count == 0) throw new ArgumentException("a sum needs at least one term", nameof(terms));
        if (terms.Count == 1) return terms[0];
        foreach (var t in terms)
            if (!t.Shape.SequenceEqual(terms[0].Shape))
                throw new InvalidOperationException($"{name}: cannot add {t} to {terms[0]}");
        var output = NewTensor(name, terms[0].Shape, terms.All(t => t.NonNegative));
        _layers.Add(new AddLayer(name, terms.ToArray(), output, Slot));
        return output;
    }

    public NetworkTensor Zero(string name, IReadOnlyList<int> shape)
    {
        var output = NewTensor(name, shape, nonNegative: true);
        _layers.Add(new ZeroLayer(name, output, Slot));
        return output;
    }

    public NetworkTensor BatchNorm(string name, NetworkTensor input)
    {
        var output = NewTensor(name, input.Shape, nonNegative: false);
        _layers.Add(new BatchNormLayer(name, input, output, Slot));
        return output;
    }

    public NetworkTensor ChannelShuffle(string name, NetworkTensor input, int groups)
    {
        if (input.Channels % groups != 0)
            throw new InvalidOperationException($"{name}: {input.Channels} channels cannot be shuffled in {groups} groups");
        var output = NewTensor(name, input.Shape, input.NonNegative);
        _layers.Add(new ChannelShuffleLayer(name, input, output, Slot, groups));
        return output;
    }

    public NetworkTensor GlobalAvgPool(string name, NetworkTensor input)
    {
        var output = NewTensor(name, [input.Channels, 1, 1], input.NonNegative);
        _layers.Add(new GlobalAvgPoolLayer(name, input, output, Slot));
        return output;
    }

    public NetworkTensor Gemm(string name, NetworkTensor input, int units)
    {
        var output = NewTensor(name, [units], nonNegative: false);
        _layers.Add(new GemmLayer(name, input, output, Slot));
        return output;
    }

    private NetworkTensor NewTensor(string name, IReadOnlyList<int> shape, bool nonNegative)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"tensor name '{name}' is used twice");
        if (shape.Any(d => d <= 0))
            throw new InvalidOperationException($"{name}: shape [{string.Join(',', shape)}] has an empty dimension");
        return new NetworkTensor(name, shape, nonNegative);
    }

    private static int OutSize(int size, int kernel, int stride, int pad) => (size + 2 * pad - kernel) / stride + 1;
}
