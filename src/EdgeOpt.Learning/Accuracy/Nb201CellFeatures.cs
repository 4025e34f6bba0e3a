using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Accuracy;

/// <summary>
/// Structural features of a NAS-Bench-201 cell that a one-hot encoding only shows through interactions of several
/// edges. The cell's nodes sum their inputs, and 'none' outputs zeros, so information reaches the output (node 3)
/// from the input (node 0) only along the paths 3&lt;-0, 3&lt;-1&lt;-0, 3&lt;-2&lt;-0 and 3&lt;-2&lt;-1&lt;-0 whose edges are all
/// not 'none' ("live" paths). An edge on no live path computes something the output never sees.
/// </summary>
public static class Nb201CellFeatures
{
    /// <summary>The four input-to-output paths, as edge indices (decision order 1&lt;-0, 2&lt;-0, 2&lt;-1, 3&lt;-0, 3&lt;-1, 3&lt;-2).</summary>
    private static readonly int[][] Paths = [[3], [0, 4], [1, 5], [0, 2, 5]];

    /// <summary>Names of <see cref="Of"/>'s values, in order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "cell_output_connected",
        "cell_live_paths",
        "cell_max_convs_on_live_path",
        "cell_max_conv3x3_on_live_path",
        "cell_min_convs_on_live_path",
        "cell_live_conv3x3_edges",
        "cell_live_conv1x1_edges",
        "cell_live_pool_edges",
        "cell_live_skip_edges",
        "cell_dead_edges",
        "cell_has_skip_only_path",
        "cell_has_conv_free_path",
    ];

    /// <summary>
    /// Values in <see cref="Names"/> order: 1 when some live path exists (else every other value is 0); the number
    /// of live paths (0..4); the most convolutions (1x1 or 3x3) and the most 3x3 convolutions on one live path (the
    /// cell's effective depth); the fewest convolutions on a live path (0 = a parameter-free shortcut); the number
    /// of 3x3-convolution, 1x1-convolution, pooling and skip edges on at least one live path; the number of
    /// non-'none' edges on no live path; 1 when a live path is all skip connections; 1 when a live path has no
    /// convolution.
    /// </summary>
    public static double[] Of(Architecture architecture)
    {
        var ops = SearchSpaces.Nb201.Operations(architecture);
        var live = new bool[ops.Count];
        int livePaths = 0, maxConvs = 0, maxConv3 = 0, minConvs = int.MaxValue;
        bool skipOnly = false;
        foreach (var path in Paths)
        {
            if (path.Any(e => ops[e] == Nb201Op.None)) continue;
            livePaths++;
            foreach (var e in path) live[e] = true;
            int convs = path.Count(e => ops[e] is Nb201Op.NorConv1x1 or Nb201Op.NorConv3x3);
            int conv3 = path.Count(e => ops[e] == Nb201Op.NorConv3x3);
            maxConvs = Math.Max(maxConvs, convs);
            maxConv3 = Math.Max(maxConv3, conv3);
            minConvs = Math.Min(minConvs, convs);
            skipOnly |= path.All(e => ops[e] == Nb201Op.SkipConnect);
        }

        int CountLive(Nb201Op op) => Enumerable.Range(0, ops.Count).Count(e => live[e] && ops[e] == op);
        int dead = Enumerable.Range(0, ops.Count).Count(e => !live[e] && ops[e] != Nb201Op.None);
        return
        [
            livePaths > 0 ? 1 : 0,
            livePaths,
            maxConvs,
            maxConv3,
            livePaths > 0 ? minConvs : 0,
            CountLive(Nb201Op.NorConv3x3),
            CountLive(Nb201Op.NorConv1x1),
            CountLive(Nb201Op.AvgPool3x3),
            CountLive(Nb201Op.SkipConnect),
            dead,
            skipOnly ? 1 : 0,
            livePaths > 0 && minConvs == 0 ? 1 : 0,
        ];
    }
}
