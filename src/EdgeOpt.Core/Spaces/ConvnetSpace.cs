using EdgeOpt.Core.Networks;

namespace EdgeOpt.Core.Spaces;

/// <summary>
/// The convnet family of the public Jetson Nano energy dataset iCAS-Lab/NAS-Performance-Modeling: plain,
/// depthwise-separable and mixed-kernel stacks of stride-1 convolutions with a 10-class fully connected head
/// (<see cref="ConvnetConfig"/>). Six decisions index value grids (<see cref="ConvnetGrid"/>): layer type
/// (standard | dws), layers, filters, kernel, second kernel (none | 2..7; a standard network with a second kernel is
/// the mixed variant) and input width. Not every combination is a member (each variant has its own ranges), so
/// <see cref="Sample"/> draws uniformly over members by rejection and <see cref="Mutate"/> moves to a member.
/// One quantization slot: every convolution of the network shares one precision; the classifier stays fp32,
/// as the other spaces' classifiers do. (A slot per layer is not possible: the layer count varies.)
/// Enumeration order: choice indices in lexicographic order, decision 0 first. Stateless and thread-safe.
/// </summary>
public sealed class ConvnetSpace : ISearchSpace
{
    public const string SpaceId = "convnet";

    /// <summary>Keys of <see cref="GraphStats.OpCounts"/> for this space (the network definition owns them).</summary>
    public static IReadOnlyList<string> OpKinds => ConvnetNetwork.OpKinds;

    /// <summary>Names of the numeric part of <see cref="Encode"/> that follows the one-hot choices.</summary>
    public static IReadOnlyList<string> NumericFeatureNames { get; } =
        ["layers", "filters", "kernel", "second_kernel", "input_width", "first_kernel_layers", "second_kernel_layers"];

    private static readonly Lazy<long> Count = new(() => Members().LongCount());

    private static readonly IReadOnlyList<string> Features =
    [
        .. Enumerable.Range(0, ConvnetGrid.DecisionCount)
            .SelectMany(d => ConvnetGrid.Options[d].Select(o => $"{ConvnetGrid.DecisionNames[d]}:{o}")),
        .. NumericFeatureNames,
        .. GraphFeatureEncoding.Names(OpKinds),
    ];

    public string Id => SpaceId;

    public int DecisionCount => ConvnetGrid.DecisionCount;

    public IReadOnlyList<string> OptionsAt(int decision)
    {
        if (decision < 0 || decision >= DecisionCount)
            throw new ArgumentOutOfRangeException(nameof(decision), decision,
                $"allowed: 0..{DecisionCount - 1} ({string.Join(", ", ConvnetGrid.DecisionNames)})");
        return ConvnetGrid.Options[decision];
    }

    public int PrecisionSlots => ConvnetNetwork.SlotCount;

    /// <summary>Number of members (261,857), counted once on first use.</summary>
    public long? Size => Count.Value;

    public IReadOnlyList<string> FeatureNames => Features;

    public Architecture Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var architecture, out var error) ? architecture! : throw new FormatException(error);
    }

    public bool TryParse(string text, out Architecture? architecture, out string? error)
    {
        architecture = null;
        if (!ConvnetParser.TryParse(text, out var config, out error)) return false;
        architecture = FromConfig(config!);
        return true;
    }

    public string Format(Architecture architecture) => ConvnetParser.Format(Config(architecture));

    /// <summary>The configuration of a member.</summary>
    public ConvnetConfig Config(Architecture architecture)
    {
        EnsureMember(architecture, nameof(architecture));
        return ConvnetGrid.ConfigOf(architecture.Choices);
    }

    /// <summary>The architecture of a configuration; <see cref="ArgumentException"/> says why it is not a member.</summary>
    public Architecture FromConfig(ConvnetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (ConvnetGrid.Problem(config) is { } problem) throw new ArgumentException(problem, nameof(config));
        return new Architecture(SpaceId, ConvnetGrid.ChoicesOf(config));
    }

    public IEnumerable<Architecture> Enumerate() => Members();

    public Architecture Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var choices = new int[DecisionCount];
        while (true)
        {
            for (var d = 0; d < choices.Length; d++) choices[d] = random.Next(ConvnetGrid.Options[d].Count);
            if (ConvnetGrid.IsMember(choices, out _)) return new Architecture(SpaceId, choices);
        }
    }

    /// <summary>
    /// Changes exactly one decision to a different option such that the result is a member: the decision is drawn
    /// uniformly among those that have such an option, then the option uniformly among them.
    /// </summary>
    public Architecture Mutate(Architecture architecture, Random random)
    {
        EnsureMember(architecture, nameof(architecture));
        ArgumentNullException.ThrowIfNull(random);
        var moves = new List<int[]>[DecisionCount];
        for (var d = 0; d < DecisionCount; d++)
        {
            moves[d] = [];
            for (var o = 0; o < ConvnetGrid.Options[d].Count; o++)
            {
                if (o == architecture.Choices[d]) continue;
                var choices = architecture.Choices.ToArray();
                choices[d] = o;
                if (ConvnetGrid.IsMember(choices, out _)) moves[d].Add(choices);
            }
        }
        var open = Enumerable.Range(0, DecisionCount).Where(d => moves[d].Count > 0).ToArray();
        if (open.Length == 0)
            throw new InvalidOperationException($"{Format(architecture)} has no member one decision away");
        var decision = open[random.Next(open.Length)];
        return new Architecture(SpaceId, moves[decision][random.Next(moves[decision].Count)]);
    }

    /// <summary>
    /// One-hot choices (decision-major, <see cref="OptionsAt"/> order), then the numeric values
    /// (<see cref="NumericFeatureNames"/>; second kernel 0 when none), then the graph features of
    /// <see cref="GraphFeatures.Of"/> (its 10-class network).
    /// </summary>
    public double[] Encode(Architecture architecture)
    {
        var config = Config(architecture);
        var oneHot = new double[ConvnetGrid.Options.Sum(o => o.Count)];
        var offset = 0;
        for (var d = 0; d < DecisionCount; d++)
        {
            oneHot[offset + architecture.Choices[d]] = 1.0;
            offset += ConvnetGrid.Options[d].Count;
        }
        double[] numeric =
        [
            config.Layers, config.Filters, config.Kernel, config.SecondKernel ?? 0, config.InputWidth,
            config.FirstKernelLayers, config.SecondKernelLayers,
        ];
        return [.. oneHot, .. numeric, .. GraphFeatureEncoding.Values(GraphFeatures.Of(architecture), OpKinds, SpaceId)];
    }

    private void EnsureMember(Architecture architecture, string paramName)
    {
        ArgumentNullException.ThrowIfNull(architecture, paramName);
        if (architecture.SpaceId != SpaceId)
            throw new ArgumentException(
                $"architecture belongs to search space '{architecture.SpaceId}', not '{SpaceId}'", paramName);
        if (!ConvnetGrid.IsMember(architecture.Choices, out var problem))
            throw new ArgumentException($"not a convnet architecture: {problem}", paramName);
    }

    private static IEnumerable<Architecture> Members()
    {
        var sizes = ConvnetGrid.Options.Select(o => o.Count).ToArray();
        var choices = new int[sizes.Length];
        while (true)
        {
            if (ConvnetGrid.IsMember(choices, out _)) yield return new Architecture(SpaceId, choices);
            var d = sizes.Length - 1;
            while (d >= 0 && ++choices[d] == sizes[d]) choices[d--] = 0;
            if (d < 0) yield break;
        }
    }
}
