using EdgeOpt.Core.Networks;

namespace EdgeOpt.Core.Spaces;

/// <summary>
/// The NAS-Bench-201 cell space: 4 nodes, 6 edges (decisions) in the order 1&lt;-0, 2&lt;-0, 2&lt;-1, 3&lt;-0, 3&lt;-1,
/// 3&lt;-2, each one of 5 operations; 15,625 cells, enumerated and indexed in NAS-Bench-201's official order.
/// Quantization slots are the network's 3 stages. Stateless and thread-safe.
/// </summary>
public sealed class Nb201Space : ISearchSpace
{
    public const string SpaceId = "nb201";

    /// <summary>Operation names in option-index order (the values of <see cref="Nb201Op"/>).</summary>
    public static IReadOnlyList<string> OperationNames { get; } =
        ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];

    /// <summary>The cell edges in decision order.</summary>
    public static IReadOnlyList<Nb201Edge> Edges { get; } =
        [new(1, 0), new(2, 0), new(2, 1), new(3, 0), new(3, 1), new(3, 2)];

    /// <summary>Op kinds counted in <see cref="Encode"/> (keys of <see cref="GraphStats.OpCounts"/>), in feature order.</summary>
    /// <summary>Keys of <see cref="Networks.GraphStats.OpCounts"/> for this space (the network definition owns them).</summary>
    public static IReadOnlyList<string> OpKinds => Networks.Nb201Network.OpCountKeys;

    private static readonly ChoiceGrid Grid = new(SpaceId, 6, OperationNames, "edge", d => $"edge {Edges[d]} (decision {d})");

    private static readonly IReadOnlyList<string> Features =
    [
        .. Edges.SelectMany(e => OperationNames.Select(op => $"edge{e.To}<-{e.From}:{op}")),
        .. GraphFeatureEncoding.Names(OpKinds),
    ];

    public string Id => SpaceId;

    public int DecisionCount => Grid.DecisionCount;

    public IReadOnlyList<string> OptionsAt(int decision)
    {
        if (decision < 0 || decision >= DecisionCount)
            throw new ArgumentOutOfRangeException(nameof(decision), decision, $"allowed: 0..{DecisionCount - 1} (the cell's edges)");
        return OperationNames;
    }

    public int PrecisionSlots => 3;

    public long? Size => Nb201OfficialOrder.Count;

    public IReadOnlyList<string> FeatureNames => Features;

    public Architecture Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var architecture, out var error) ? architecture! : throw new FormatException(error);
    }

    public bool TryParse(string text, out Architecture? architecture, out string? error)
    {
        architecture = null;
        if (!Nb201Parser.TryParse(text, out var choices, out error)) return false;
        architecture = new Architecture(SpaceId, choices!);
        return true;
    }

    public string Format(Architecture architecture)
    {
        Grid.EnsureMember(architecture, nameof(architecture));
        return Nb201Parser.Format(architecture.Choices);
    }

    /// <summary>All 15,625 cells in NAS-Bench-201's official index order.</summary>
    public IEnumerable<Architecture> Enumerate()
    {
        for (int i = 0; i < Nb201OfficialOrder.Count; i++) yield return At(i);
    }

    /// <summary>The cell at a NAS-Bench-201 index (0..15624).</summary>
    public Architecture At(int index)
    {
        if (index < 0 || index >= Nb201OfficialOrder.Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"NAS-Bench-201 indices are 0..{Nb201OfficialOrder.Count - 1}");
        return new Architecture(SpaceId, Nb201OfficialOrder.ChoicesOf(Nb201OfficialOrder.ProductCodeAt(index)));
    }

    /// <summary>The NAS-Bench-201 index of a cell.</summary>
    public int IndexOf(Architecture architecture)
    {
        Grid.EnsureMember(architecture, nameof(architecture));
        return Nb201OfficialOrder.OfficialIndexOf(Nb201OfficialOrder.ProductCodeOf(architecture.Choices));
    }

    /// <summary>The operation on each edge, in <see cref="Edges"/> order.</summary>
    public IReadOnlyList<Nb201Op> Operations(Architecture architecture)
    {
        Grid.EnsureMember(architecture, nameof(architecture));
        return architecture.Choices.Select(c => (Nb201Op)c).ToArray();
    }

    public Architecture Sample(Random random) => Grid.Sample(random);

    public Architecture Mutate(Architecture architecture, Random random) => Grid.Mutate(architecture, random);

    public double[] Encode(Architecture architecture)
    {
        var choices = EncodeChoices(architecture);
        return [.. choices, .. EncodeGraph(GraphFeatures.Of(architecture))];
    }

    /// <summary>The one-hot part of <see cref="Encode"/>: 6 edges x 5 operations, edge-major.</summary>
    internal double[] EncodeChoices(Architecture architecture) => Grid.OneHot(architecture);

    /// <summary>The graph part of <see cref="Encode"/> for given statistics.</summary>
    internal static double[] EncodeGraph(GraphStats stats) => GraphFeatureEncoding.Values(stats, OpKinds, SpaceId);
}
