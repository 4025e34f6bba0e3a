using Microsoft.ML.Trainers.FastTree;

namespace EdgeOpt.Learning.PerDevice;

/// <summary>
/// A trained FastTree regression ensemble flattened into arrays, for scoring many rows without ML.NET's data-view
/// machinery (about ten times faster on NAS-Bench-201's 15,625 cells) and from many threads at once. Scores equal
/// ML.NET's: bias + sum over trees of weight x leaf value, where a node sends a row left when
/// feature &lt;= threshold. Only numerical splits exist (the trainer never enables categorical splits).
/// </summary>
internal sealed class CompiledTreeEnsemble
{
    private readonly double _bias;
    private readonly int[] _roots;
    private readonly Node[] _nodes;
    private readonly double[] _leaf;

    private CompiledTreeEnsemble(double bias, int[] roots, Node[] nodes, double[] leaf)
    {
        _bias = bias;
        _roots = roots;
        _nodes = nodes;
        _leaf = leaf;
    }

    /// <summary>One split, packed so that a step down the tree reads one 16-byte record.</summary>
    private readonly record struct Node(int Feature, float Threshold, int Left, int Right);

    public static CompiledTreeEnsemble From(FastTreeRegressionModelParameters model)
    {
        var ensemble = model.TrainedTreeEnsemble;
        var roots = new List<int>();
        var nodes = new List<Node>();
        var leaf = new List<double>();
        for (int t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            double weight = ensemble.TreeWeights[t];
            if (tree.CategoricalSplitFlags.Any(f => f))
                throw new NotSupportedException("tree ensembles with categorical splits are not supported");
            int nodeBase = nodes.Count, leafBase = leaf.Count;
            var leafValues = tree.LeafValues;
            foreach (var value in leafValues) leaf.Add(weight * value);
            if (tree.NumberOfNodes == 0)
            {
                // A single-leaf tree: the root is its one leaf, coded as ~leafIndex like FastTree's children.
                roots.Add(~leafBase);
                continue;
            }
            roots.Add(nodeBase);
            var feature = tree.NumericalSplitFeatureIndexes;
            var threshold = tree.NumericalSplitThresholds;
            var left = tree.LeftChild;
            var right = tree.RightChild;
            for (int n = 0; n < tree.NumberOfNodes; n++)
                nodes.Add(new Node(feature[n], threshold[n], Rebase(left[n], nodeBase, leafBase), Rebase(right[n], nodeBase, leafBase)));
        }
        return new CompiledTreeEnsemble(ensemble.Bias, roots.ToArray(), nodes.ToArray(), leaf.ToArray());
    }

    /// <summary>The flattened arrays (nodes as feature, threshold, left, right columns); for persistence.</summary>
    internal (double Bias, int[] Roots, int[] Features, float[] Thresholds, int[] Left, int[] Right, double[] Leaf) Parts =>
        (_bias, _roots, _nodes.Select(n => n.Feature).ToArray(), _nodes.Select(n => n.Threshold).ToArray(),
            _nodes.Select(n => n.Left).ToArray(), _nodes.Select(n => n.Right).ToArray(), _leaf);

    /// <summary>
    /// An ensemble from stored <see cref="Parts"/>. Every index is checked (roots and children point at a node or
    /// a leaf, features below <paramref name="featureCount"/>); <see cref="ArgumentException"/> names the first bad one.
    /// Node children must point forward (as FastTree lays trees out), so scoring always ends.
    /// </summary>
    internal static CompiledTreeEnsemble Restore(
        double bias, int[] roots, int[] features, float[] thresholds, int[] left, int[] right, double[] leaf, int featureCount)
    {
        var count = features.Length;
        if (thresholds.Length != count || left.Length != count || right.Length != count)
            throw new ArgumentException("node columns differ in length");
        bool Valid(int child, int parent) => child >= 0 ? child > parent && child < count : ~child < leaf.Length;
        for (int r = 0; r < roots.Length; r++)
            if (!Valid(roots[r], -1)) throw new ArgumentException($"root {r} points at {roots[r]}, outside the nodes and leaves", nameof(roots));
        var nodes = new Node[count];
        for (int n = 0; n < count; n++)
        {
            if ((uint)features[n] >= (uint)featureCount)
                throw new ArgumentException($"node {n} splits on feature {features[n]}; allowed 0..{featureCount - 1}", nameof(features));
            if (!Valid(left[n], n) || !Valid(right[n], n))
                throw new ArgumentException($"node {n} has children {left[n]}, {right[n]} outside the tree", nameof(left));
            nodes[n] = new Node(features[n], thresholds[n], left[n], right[n]);
        }
        return new CompiledTreeEnsemble(bias, roots, nodes, leaf);
    }

    public double Score(ReadOnlySpan<float> features)
    {
        double score = _bias;
        var nodes = _nodes.AsSpan();
        var leaf = _leaf.AsSpan();
        foreach (int root in _roots)
        {
            int index = root;
            while (index >= 0)
            {
                ref readonly var node = ref nodes[index];
                index = features[node.Feature] <= node.Threshold ? node.Left : node.Right;
            }
            score += leaf[~index];
        }
        return score;
    }

    /// <summary>
    /// Adds the ensemble's score for each row of a row-major <paramref name="matrix"/> (<paramref name="width"/>
    /// features per row) to <paramref name="sums"/>. Tree by tree over the whole block, so that one tree's few
    /// nodes stay in the cache while the rows stream past.
    /// </summary>
    public void AddScores(ReadOnlySpan<float> matrix, int width, Span<double> sums)
    {
        var nodes = _nodes.AsSpan();
        var leaf = _leaf.AsSpan();
        for (int r = 0; r < sums.Length; r++) sums[r] += _bias;
        foreach (int root in _roots)
        {
            for (int r = 0; r < sums.Length; r++)
            {
                var features = matrix.Slice(r * width, width);
                int index = root;
                while (index >= 0)
                {
                    ref readonly var node = ref nodes[index];
                    index = features[node.Feature] <= node.Threshold ? node.Left : node.Right;
                }
                sums[r] += leaf[~index];
            }
        }
    }

    /// <summary>Inner nodes keep non-negative indices, leaves stay ~index; both move to the flat arrays' offsets.</summary>
    private static int Rebase(int child, int nodeBase, int leafBase) => child >= 0 ? child + nodeBase : ~(~child + leafBase);
}
