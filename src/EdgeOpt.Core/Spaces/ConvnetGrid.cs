using System.Globalization;

namespace EdgeOpt.Core.Spaces;

/// <summary>
/// The value grids of the convnet search space and the rules that make a combination a member.
/// Taken from iCAS-Lab/NAS-Performance-Modeling: the ranges in model_generation/big_conv_model.py,
/// depthwise_sep_model.py and mixed_kernel_conv_model.py (each file holds only its last run's ranges) widened
/// to every value that appears in the dataset's model names (data/conv_layers_1_5, conv_layers_6_10,
/// misc_conv_models, expanded_high_mac*, dws, dws_2, mixed_kernel_models_L2, mixed_kernel_models_L5):
/// <list type="bullet">
/// <item>filters F: 64, 96, ..., 1024 (multiples of 32), for every variant;</item>
/// <item>input width W: 10, 15, ..., 100, for every variant;</item>
/// <item>plain: L 1..10, K 1..5;</item>
/// <item>depthwise-separable: L 5..10, K 2..5;</item>
/// <item>mixed kernel: L 2..20, first kernel k1 1..6, second kernel k2 with k1 &lt; k2 &lt;= 7 (the generator
/// never repeats a kernel and writes the smaller one first), and every layer's map at least 1x1.</item>
/// </list>
/// The generators' MAC window (keep a model only when 2e8 or 1e9 &lt;= MACs &lt;= 5e10) chose which models were
/// measured; it is not part of the family and is not applied here.
/// Decisions, in order: layer type (standard | dws), layers, filters, kernel, second kernel (none | 2..7), input width.
/// </summary>
public static class ConvnetGrid
{
    public const int LayerTypeDecision = 0;
    public const int LayersDecision = 1;
    public const int FiltersDecision = 2;
    public const int KernelDecision = 3;
    public const int SecondKernelDecision = 4;
    public const int InputWidthDecision = 5;
    public const int DecisionCount = 6;

    public static IReadOnlyList<string> DecisionNames { get; } =
        ["layer_type", "layers", "filters", "kernel", "second_kernel", "input_width"];

    public static IReadOnlyList<string> LayerTypes { get; } = ["standard", "dws"];

    public static IReadOnlyList<int> LayerCounts { get; } = Enumerable.Range(1, 20).ToArray();

    public static IReadOnlyList<int> FilterCounts { get; } = Enumerable.Range(2, 31).Select(i => 32 * i).ToArray();

    public static IReadOnlyList<int> Kernels { get; } = Enumerable.Range(1, 7).ToArray();

    /// <summary>Second kernel sizes after the "none" option (index 0).</summary>
    public static IReadOnlyList<int> SecondKernels { get; } = Enumerable.Range(2, 6).ToArray();

    public static IReadOnlyList<int> InputWidths { get; } = Enumerable.Range(2, 19).Select(i => 5 * i).ToArray();

    public const string NoSecondKernel = "none";

    /// <summary>Option names at each decision, in index order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Options { get; } =
    [
        LayerTypes,
        Names(LayerCounts),
        Names(FilterCounts),
        Names(Kernels),
        [NoSecondKernel, .. Names(SecondKernels)],
        Names(InputWidths),
    ];

    /// <summary>Allowed layer counts of a variant, as (min, max).</summary>
    public static (int Min, int Max) LayerRange(ConvnetVariant variant) => variant switch
    {
        ConvnetVariant.Plain => (1, 10),
        ConvnetVariant.DepthwiseSeparable => (5, 10),
        _ => (2, 20),
    };

    /// <summary>Allowed (first) kernel sizes of a variant, as (min, max).</summary>
    public static (int Min, int Max) KernelRange(ConvnetVariant variant) => variant switch
    {
        ConvnetVariant.Plain => (1, 5),
        ConvnetVariant.DepthwiseSeparable => (2, 5),
        _ => (1, 6),
    };

    /// <summary>The largest second kernel of the mixed variant.</summary>
    public const int MaxSecondKernel = 7;

    /// <summary>
    /// Why a configuration is not a member, naming the field and its allowed values; null for a member.
    /// </summary>
    public static string? Problem(ConvnetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (lMin, lMax) = LayerRange(config.Variant);
        var (kMin, kMax) = KernelRange(config.Variant);
        var variant = VariantName(config.Variant);
        if (config.Layers < lMin || config.Layers > lMax)
            return $"layers L{config.Layers} is not allowed for the {variant} variant; allowed: L{lMin}..L{lMax}";
        if (!FilterCounts.Contains(config.Filters))
            return $"filters F{config.Filters} is not allowed; allowed: {string.Join(", ", FilterCounts)}";
        if (!InputWidths.Contains(config.InputWidth))
            return $"input width W{config.InputWidth} is not allowed; allowed: {string.Join(", ", InputWidths)}";
        if (config.Kernel < kMin || config.Kernel > kMax)
            return $"kernel K{config.Kernel}x{config.Kernel} is not allowed for the {variant} variant; allowed: " +
                   string.Join(", ", Enumerable.Range(kMin, kMax - kMin + 1).Select(k => $"K{k}x{k}"));
        if (config.Variant != ConvnetVariant.MixedKernel)
            return config.SecondKernel is null
                ? null
                : $"the {variant} variant has one kernel; got a second kernel K{config.SecondKernel}x{config.SecondKernel}";
        if (config.SecondKernel is not int k2)
            return "the mixed-kernel variant needs a second kernel";
        if (k2 <= config.Kernel || k2 > MaxSecondKernel)
            return $"second kernel K{k2}x{k2} is not allowed after K{config.Kernel}x{config.Kernel}; the second kernel is " +
                   $"larger than the first and at most {MaxSecondKernel}: allowed " +
                   string.Join(", ", Enumerable.Range(config.Kernel + 1, MaxSecondKernel - config.Kernel).Select(k => $"K{k}x{k}"));
        var sides = config.OutputSides();
        for (var i = 0; i < sides.Count; i++)
            if (sides[i] < 1)
                return $"layer {i + 1} of L{config.Layers} would output a {sides[i]}x{sides[i]} map from a W{config.InputWidth} " +
                       "input: the kernels shrink the map to nothing; use a wider input or fewer layers";
        return null;
    }

    /// <summary>The choice indices of a configuration (it must have grid values; membership is not checked).</summary>
    public static int[] ChoicesOf(ConvnetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return
        [
            config.Variant == ConvnetVariant.DepthwiseSeparable ? 1 : 0,
            IndexOf(LayerCounts, config.Layers, "layers"),
            IndexOf(FilterCounts, config.Filters, "filters"),
            IndexOf(Kernels, config.Kernel, "kernel"),
            config.SecondKernel is int k2 ? 1 + IndexOf(SecondKernels, k2, "second kernel") : 0,
            IndexOf(InputWidths, config.InputWidth, "input width"),
        ];
    }

    /// <summary>The configuration of choice indices (each in range; membership is not checked).</summary>
    public static ConvnetConfig ConfigOf(IReadOnlyList<int> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count != DecisionCount)
            throw new ArgumentException($"a convnet architecture has {DecisionCount} choices; got {choices.Count}", nameof(choices));
        for (var d = 0; d < DecisionCount; d++)
            if (choices[d] < 0 || choices[d] >= Options[d].Count)
                throw new ArgumentException(
                    $"choice {choices[d]} at decision {d} ({DecisionNames[d]}) is out of range; allowed 0..{Options[d].Count - 1} " +
                    $"({string.Join(", ", Options[d])})", nameof(choices));
        int? second = choices[SecondKernelDecision] == 0 ? null : SecondKernels[choices[SecondKernelDecision] - 1];
        var variant = choices[LayerTypeDecision] == 1 ? ConvnetVariant.DepthwiseSeparable
            : second is null ? ConvnetVariant.Plain : ConvnetVariant.MixedKernel;
        return new ConvnetConfig(variant, LayerCounts[choices[LayersDecision]], FilterCounts[choices[FiltersDecision]],
            Kernels[choices[KernelDecision]], second, InputWidths[choices[InputWidthDecision]]);
    }

    /// <summary>
    /// Whether choice indices name a member: in range, and the configuration obeys its variant's rules
    /// (a depthwise-separable network with a second kernel is not one).
    /// </summary>
    public static bool IsMember(IReadOnlyList<int> choices, out string? problem)
    {
        if (choices.Count != DecisionCount)
        {
            problem = $"a convnet architecture has {DecisionCount} choices; got {choices.Count}";
            return false;
        }
        for (var d = 0; d < DecisionCount; d++)
            if (choices[d] < 0 || choices[d] >= Options[d].Count)
            {
                problem = $"choice {choices[d]} at decision {d} ({DecisionNames[d]}) is out of range; allowed 0..{Options[d].Count - 1} " +
                          $"({string.Join(", ", Options[d])})";
                return false;
            }
        if (choices[LayerTypeDecision] == 1 && choices[SecondKernelDecision] != 0)
        {
            problem = "a depthwise-separable convnet has one kernel; its second kernel must be 'none'";
            return false;
        }
        problem = Problem(ConfigOf(choices));
        return problem is null;
    }

    public static string VariantName(ConvnetVariant variant) => variant switch
    {
        ConvnetVariant.Plain => "plain",
        ConvnetVariant.DepthwiseSeparable => "depthwise-separable",
        _ => "mixed-kernel",
    };

    private static int IndexOf(IReadOnlyList<int> values, int value, string field)
    {
        for (var i = 0; i < values.Count; i++)
            if (values[i] == value) return i;
        throw new ArgumentException($"{field} {value} is not on the grid; allowed: {string.Join(", ", values)}");
    }

    private static string[] Names(IReadOnlyList<int> values) =>
        values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
}
