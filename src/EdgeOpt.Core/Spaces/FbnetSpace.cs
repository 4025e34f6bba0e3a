using EdgeOpt.Core.Networks;

namespace EdgeOpt.Core.Spaces;

/// <summary>
/// The FBNet layer-wise space: 22 searchable layers (decisions), each one of 9 blocks (<see cref="FbnetBlock.Names"/>);
/// 9^22 networks, too many to enumerate or count in a long. One quantization slot per layer. Stateless and thread-safe.
/// </summary>
public sealed class FbnetSpace : ISearchSpace
{
    public const string SpaceId = "fbnet";
    public const int LayerCount = 22;

    /// <summary>Op kinds counted in <see cref="Encode"/> (keys of <see cref="GraphStats.OpCounts"/>), in feature order.</summary>
    /// <summary>Keys of <see cref="Networks.GraphStats.OpCounts"/> for this space: the block names (the network definition owns them).</summary>
    public static IReadOnlyList<string> OpKinds => Networks.FbnetNetwork.BlockNames;

    private static readonly ChoiceGrid Grid = new(SpaceId, LayerCount, FbnetBlock.Names, "layer", d => $"layer {d + 1} (decision {d})");

    private static readonly IReadOnlyList<string> Features =
    [
        .. Enumerable.Range(1, LayerCount).SelectMany(layer => FbnetBlock.Names.Select(b => $"layer{layer:00}:{b}")),
        .. GraphFeatureEncoding.Names(OpKinds),
    ];

    public string Id => SpaceId;

    public int DecisionCount => LayerCount;

    public IReadOnlyList<string> OptionsAt(int decision)
    {
        if (decision < 0 || decision >= LayerCount)
            throw new ArgumentOutOfRangeException(nameof(decision), decision, $"allowed: 0..{LayerCount - 1} (layers 1..{LayerCount})");
        return FbnetBlock.Names;
    }

    public int PrecisionSlots => LayerCount;

    /// <summary>Null: 9^22 (about 9.8e20) exceeds <see cref="long.MaxValue"/>.</summary>
    public long? Size => null;

    public IReadOnlyList<string> FeatureNames => Features;

    public Architecture Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var architecture, out var error) ? architecture! : throw new FormatException(error);
    }

    public bool TryParse(string text, out Architecture? architecture, out string? error)
    {
        architecture = null;
        if (!FbnetParser.TryParse(text, out var choices, out error)) return false;
        architecture = new Architecture(SpaceId, choices!);
        return true;
    }

    public string Format(Architecture architecture)
    {
        Grid.EnsureMember(architecture, nameof(architecture));
        return FbnetParser.Format(architecture.Choices);
    }

    /// <summary>Always throws: the space has 9^22 members. Use <see cref="Sample"/> instead.</summary>
    public IEnumerable<Architecture> Enumerate() =>
        throw new NotSupportedException(
            $"search space '{SpaceId}' has 9^{LayerCount} (about 9.8e20) architectures and cannot be enumerated; sample it instead");

    /// <summary>The block chosen at each layer, layer 1 first.</summary>
    public IReadOnlyList<FbnetBlock> Blocks(Architecture architecture)
    {
        Grid.EnsureMember(architecture, nameof(architecture));
        return architecture.Choices.Select(c => FbnetBlock.All[c]).ToArray();
    }

    public Architecture Sample(Random random) => Grid.Sample(random);

    public Architecture Mutate(Architecture architecture, Random random) => Grid.Mutate(architecture, random);

    public double[] Encode(Architecture architecture)
    {
        var choices = EncodeChoices(architecture);
        return [.. choices, .. EncodeGraph(GraphFeatures.Of(architecture))];
    }

    /// <summary>The one-hot part of <see cref="Encode"/>: 22 layers x 9 blocks, layer-major.</summary>
    internal double[] EncodeChoices(Architecture architecture) => Grid.OneHot(architecture);

    /// <summary>The graph part of <see cref="Encode"/> for given statistics.</summary>
    internal static double[] EncodeGraph(GraphStats stats) => GraphFeatureEncoding.Values(stats, OpKinds, SpaceId);
}
