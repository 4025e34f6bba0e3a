using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Networks;

/// <summary>
/// The NAS-Bench-201 CIFAR network (Dong and Yang, ICLR 2020; the same model HW-NAS-Bench measured):
/// stem Conv3x3 3->16 + BN; three stages of five cells at 16, 32, 64 channels, with a ResNet basic block of
/// stride 2 between stages; BN + ReLU; global average pool; fully connected.
/// A cell is a 4-node DAG: node j is the sum of op(node i) over its edges i &lt; j; the cell outputs node 3.
/// Quantization slots are the stages (0, 1, 2); a reduction block belongs to the stage it opens.
/// </summary>
public static class Nb201Network
{
    public const string SpaceId = "nb201";
    public const int EdgeCount = 6;
    public const int SlotCount = 3;
    public const int CellsPerStage = 5;

    /// <summary>Op names by choice index.</summary>
    public static IReadOnlyList<string> OpNames { get; } =
        ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];

    /// <summary>Op-count keys by choice index, as reported in <see cref="Network.OpCounts"/>.</summary>
    public static IReadOnlyList<string> OpCountKeys { get; } = ["zero", "skip", "conv1x1", "conv3x3", "avgpool"];

    /// <summary>(to, from) node of each edge, in choice order.</summary>
    public static IReadOnlyList<(int To, int From)> Edges { get; } = [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2)];

    private static readonly int[] StageChannels = [16, 32, 64];

    public static Network Build(Architecture architecture, int numClasses = 100)
    {
        Validate(architecture);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        var ops = architecture.Choices;
        var b = new NetworkBuilder(3, 32, 32);

        b.Slot = null;
        var x = b.Conv("stem", b.Input, StageChannels[0], kernel: 3);
        for (var stage = 0; stage < StageChannels.Length; stage++)
        {
            b.Slot = stage;
            if (stage > 0) x = ReductionBlock(b, $"s{stage}r", x, StageChannels[stage]);
            for (var cell = 0; cell < CellsPerStage; cell++) x = Cell(b, $"s{stage}c{cell}", x, ops);
        }

        b.Slot = null;
        x = b.BatchNorm("head_bn", x);
        x = b.Relu("head_relu", x);
        x = b.GlobalAvgPool("head_pool", x);
        var logits = b.Gemm("logits", x, numClasses);

        var counts = OpCountKeys.ToDictionary(k => k, _ => 0);
        foreach (var op in ops) counts[OpCountKeys[op]] += StageChannels.Length * CellsPerStage;
        return new Network(architecture, SlotCount, b.Input, logits, b.Layers.ToArray(), counts);
    }

    private static NetworkTensor Cell(NetworkBuilder b, string name, NetworkTensor input, IReadOnlyList<int> ops)
    {
        var nodes = new NetworkTensor[4];
        nodes[0] = input;
        for (var to = 1; to < 4; to++)
        {
            var terms = new List<NetworkTensor>();
            for (var e = 0; e < EdgeCount; e++)
            {
                var (edgeTo, from) = Edges[e];
                if (edgeTo != to) continue;
                var term = Op(b, $"{name}_e{to}{from}", nodes[from], ops[e]);
                if (term is not null) terms.Add(term);
            }
            nodes[to] = terms.Count == 0
                ? b.Zero($"{name}_n{to}", input.Shape)
                : b.Sum($"{name}_n{to}", terms);
        }
        return nodes[3];
    }

    /// <summary>The edge's output, or null for 'none' (the edge is dropped).</summary>
    private static NetworkTensor? Op(NetworkBuilder b, string name, NetworkTensor x, int op) => op switch
    {
        0 => null,
        1 => x,
        2 => b.Conv($"{name}_conv", b.Relu($"{name}_relu", x), x.Channels, kernel: 1),
        3 => b.Conv($"{name}_conv", b.Relu($"{name}_relu", x), x.Channels, kernel: 3),
        4 => b.AvgPool($"{name}_pool", x, kernel: 3, stride: 1, padding: 1, countIncludePad: false),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "NAS-Bench-201 op index must be 0..4"),
    };

    /// <summary>ResNet basic block of stride 2: ReLU-Conv3x3/2-BN, ReLU-Conv3x3-BN, plus AvgPool2x2/2-Conv1x1.</summary>
    private static NetworkTensor ReductionBlock(NetworkBuilder b, string name, NetworkTensor x, int outChannels)
    {
        var a = b.Conv($"{name}_a_conv", b.Relu($"{name}_a_relu", x), outChannels, kernel: 3, stride: 2);
        var c = b.Conv($"{name}_b_conv", b.Relu($"{name}_b_relu", a), outChannels, kernel: 3);
        var pooled = b.AvgPool($"{name}_sc_pool", x, kernel: 2, stride: 2, padding: 0);
        var shortcut = b.Conv($"{name}_sc_conv", pooled, outChannels, kernel: 1, bias: false);
        return b.Sum($"{name}_out", [c, shortcut]);
    }

    private static void Validate(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.SpaceId != SpaceId)
            throw new ArgumentException(
                $"architecture of space '{architecture.SpaceId}' given to the NAS-Bench-201 network; expected '{SpaceId}'",
                nameof(architecture));
        var choices = architecture.Choices;
        if (choices.Count != EdgeCount)
            throw new ArgumentException(
                $"a NAS-Bench-201 architecture has {EdgeCount} edge choices; got {choices.Count}", nameof(architecture));
        for (var i = 0; i < choices.Count; i++)
            if (choices[i] < 0 || choices[i] >= OpNames.Count)
                throw new ArgumentException(
                    $"edge {i} ({Edges[i].To}<-{Edges[i].From}) has op index {choices[i]}; allowed 0..{OpNames.Count - 1}: " +
                    string.Join(", ", OpNames), nameof(architecture));
    }
}
