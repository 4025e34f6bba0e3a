namespace EdgeOpt.Core.Networks;

/// <summary>
/// Decoding of an FBNet block name (kernel, expansion, groups), in the space's option order.
/// Kept inside the network definition so it does not depend on the search-space classes.
/// </summary>
internal sealed record FbnetBlockSpec(string Name, int Kernel, int Expansion, int Groups, bool IsSkip)
{
    public static IReadOnlyList<FbnetBlockSpec> All { get; } =
    [
        new("k3_e1", 3, 1, 1, false),
        new("k3_e1_g2", 3, 1, 2, false),
        new("k3_e3", 3, 3, 1, false),
        new("k3_e6", 3, 6, 1, false),
        new("k5_e1", 5, 1, 1, false),
        new("k5_e1_g2", 5, 1, 2, false),
        new("k5_e3", 5, 3, 1, false),
        new("k5_e6", 5, 6, 1, false),
        new("skip", 1, 1, 1, true),
    ];
}
