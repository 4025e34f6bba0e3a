using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Networks;

/// <summary>
/// The CIFAR-100 FBNet network of HW-NAS-Bench (Li et al., ICLR 2021).
/// Numbers read from GATECH-EIC/HW-NAS-Bench, hw_nas_bench_api/fbnet_models/model_infer.py (class FBNet_Infer,
/// ConvBlock, Skip, ConvNorm; the "cifar" settings):
/// stem ConvNorm 3->16 3x3 stride 1 pad 1 (+BN+ReLU); 22 searchable layers in 7 stages of
/// [1, 4, 4, 4, 4, 4, 1] layers with [16, 24, 32, 64, 112, 184, 352] output channels and first-layer strides
/// [1, 1, 2, 2, 1, 2, 1]; head ConvNorm 352->1504 1x1 (+BN+ReLU), global average pool, fully connected.
/// Block kxk_eE_gG: Conv1x1 (groups G) +BN+ReLU, channel shuffle when G &gt; 1, depthwise kxk (stride, pad
/// ceil((k - stride) / 2)) +BN+ReLU, Conv1x1 (groups G) +BN; identity added when stride 1 and in == out.
/// 'skip': identity when stride 1 and in == out, else Conv1x1 (stride) +BN+ReLU.
/// Quantization slot i is layer i; the stem and the head have no slot.
/// </summary>
public static class FbnetNetwork
{
    public const string SpaceId = "fbnet";
    public const int LayerCount = 22;
    public const int SlotCount = LayerCount;
    public const int StemChannels = 16;
    public const int HeadChannels = 1504;

    private static readonly int[] LayersPerStage = [1, 4, 4, 4, 4, 4, 1];
    private static readonly int[] StageChannels = [16, 24, 32, 64, 112, 184, 352];
    private static readonly int[] StageStrides = [1, 1, 2, 2, 1, 2, 1];

    /// <summary>Block names by choice index.</summary>
    public static IReadOnlyList<string> BlockNames { get; } = FbnetBlockSpec.All.Select(b => b.Name).ToArray();

    public static Network Build(Architecture architecture, int numClasses = 100)
    {
        Validate(architecture);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        var b = new NetworkBuilder(3, 32, 32);

        b.Slot = null;
        var x = b.Relu("stem_relu", b.Conv("stem", b.Input, StemChannels, kernel: 3, padding: 1));

        var layer = 0;
        for (var stage = 0; stage < LayersPerStage.Length; stage++)
        {
            for (var i = 0; i < LayersPerStage[stage]; i++, layer++)
            {
                b.Slot = layer;
                var stride = i == 0 ? StageStrides[stage] : 1;
                var block = FbnetBlockSpec.All[architecture.Choices[layer]];
                x = Block(b, $"l{layer}", x, StageChannels[stage], stride, block);
            }
        }

        b.Slot = null;
        x = b.Relu("head_relu", b.Conv("head_conv", x, HeadChannels, kernel: 1));
        x = b.GlobalAvgPool("head_pool", x);
        var logits = b.Gemm("logits", x, numClasses);

        var counts = FbnetBlockSpec.All.ToDictionary(s => s.Name, _ => 0);
        foreach (var c in architecture.Choices) counts[FbnetBlockSpec.All[c].Name]++;
        return new Network(architecture, SlotCount, b.Input, logits, b.Layers.ToArray(), counts);
    }

    private static NetworkTensor Block(
        NetworkBuilder b, string name, NetworkTensor x, int outChannels, int stride, FbnetBlockSpec block)
    {
        var keepsShape = stride == 1 && x.Channels == outChannels;
        if (block.IsSkip)
        {
            if (keepsShape) return x;
            var conv = b.Conv($"{name}_conv", x, outChannels, kernel: 1, stride: stride, padding: 0);
            return b.Relu($"{name}_relu", conv);
        }

        var hidden = x.Channels * block.Expansion;
        var y = b.Relu($"{name}_pw_relu",
            b.Conv($"{name}_pw", x, hidden, kernel: 1, padding: 0, groups: block.Groups));
        if (block.Groups > 1) y = b.ChannelShuffle($"{name}_shuffle", y, block.Groups);
        var pad = (block.Kernel - stride + 1) / 2; // ceil((k - stride) / 2)
        y = b.Relu($"{name}_dw_relu",
            b.Conv($"{name}_dw", y, hidden, kernel: block.Kernel, stride: stride, padding: pad, groups: hidden));
        y = b.Conv($"{name}_pwl", y, outChannels, kernel: 1, padding: 0, groups: block.Groups);
        return keepsShape ? b.Sum($"{name}_out", [y, x]) : y;
    }

    private static void Validate(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.SpaceId != SpaceId)
            throw new ArgumentException(
                $"architecture of space '{architecture.SpaceId}' given to the FBNet network; expected '{SpaceId}'",
                nameof(architecture));
        var choices = architecture.Choices;
        if (choices.Count != LayerCount)
            throw new ArgumentException(
                $"an FBNet architecture has {LayerCount} layer choices; got {choices.Count}", nameof(architecture));
        for (var i = 0; i < choices.Count; i++)
            if (choices[i] < 0 || choices[i] >= FbnetBlockSpec.All.Count)
                throw new ArgumentException(
                    $"layer {i} has block index {choices[i]}; allowed 0..{FbnetBlockSpec.All.Count - 1}: " +
                    string.Join(", ", BlockNames), nameof(architecture));
    }
}
