using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Latency;

/// <summary>
/// Which NAS-Bench-201 cell edges can affect the cell's output. An edge is dead when its source node receives
/// nothing but zeros (no chain of non-"none" edges from the input node) or its result never reaches the output node
/// (no chain of non-"none" edges to node 3). Compilers that remove dead code (e.g. TFLite on phones) do not run dead
/// edges, so the effective cell — dead edges replaced by "none" — describes their cost better than the cell itself.
/// </summary>
public static class Nb201Liveness
{
    private const int NodeCount = 4;
    private const int None = (int)Nb201Op.None;

    /// <summary>
    /// True when no chain of non-"none" edges joins the input node to the output node: the cell outputs zeros
    /// whatever its input, so the whole network's output is a constant and a dead-code-eliminating compiler may
    /// run next to nothing.
    /// </summary>
    public static bool OutputIsConstant(IReadOnlyList<int> choices) => EffectiveChoices(choices).All(c => c == None);

    /// <summary>The choices with every dead edge set to "none" (option 0); the cell's output is unchanged.</summary>
    public static int[] EffectiveChoices(IReadOnlyList<int> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var edges = Nb201Space.Edges;
        if (choices.Count != edges.Count)
            throw new ArgumentException($"a NAS-Bench-201 cell has {edges.Count} edge choices, got {choices.Count}", nameof(choices));
        var fed = new bool[NodeCount];
        fed[0] = true;
        for (var node = 1; node < NodeCount; node++)
            for (var e = 0; e < edges.Count; e++)
                if (edges[e].To == node && choices[e] != None && fed[edges[e].From]) fed[node] = true;
        var used = new bool[NodeCount];
        used[NodeCount - 1] = true;
        for (var node = NodeCount - 2; node >= 0; node--)
            for (var e = 0; e < edges.Count; e++)
                if (edges[e].From == node && choices[e] != None && used[edges[e].To]) used[node] = true;
        var effective = new int[choices.Count];
        for (var e = 0; e < edges.Count; e++)
            effective[e] = fed[edges[e].From] && used[edges[e].To] ? choices[e] : None;
        return effective;
    }
}
