using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Tests.Support;

/// <summary>Architectures used across tests, written by option name so they read as the space's strings.</summary>
internal static class Architectures
{
    private static readonly string[] Nb201Ops = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];
    private static readonly string[] FbnetBlocks =
        ["k3_e1", "k3_e1_g2", "k3_e3", "k3_e6", "k5_e1", "k5_e1_g2", "k5_e3", "k5_e6", "skip"];

    /// <summary>Six edge ops in the order (1&lt;-0), (2&lt;-0), (2&lt;-1), (3&lt;-0), (3&lt;-1), (3&lt;-2).</summary>
    public static Architecture Nb201(params string[] ops) =>
        new("nb201", ops.Select(o => Index(Nb201Ops, o)).ToArray());

    public static Architecture Nb201Uniform(string op) => Nb201(Enumerable.Repeat(op, 6).ToArray());

    /// <summary>22 block names separated by spaces.</summary>
    public static Architecture Fbnet(string blocks) =>
        new("fbnet", blocks.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(b => Index(FbnetBlocks, b)).ToArray());

    public static Architecture FbnetUniform(string block) => Fbnet(string.Join(' ', Enumerable.Repeat(block, 22)));

    /// <summary>A mix of every block kind, including skips that change shape (layers 1, 5, 21).</summary>
    public static Architecture FbnetMixed() => Fbnet(
        "k3_e1 skip k3_e1_g2 k5_e6 skip skip k3_e3 k5_e1_g2 k5_e3 k3_e6 k5_e1 skip k3_e1 k5_e6 k3_e1_g2 " +
        "k3_e3 k5_e3 skip k5_e1 k3_e6 k5_e1_g2 skip");

    public static Architecture Nb201Mixed() =>
        Nb201("nor_conv_3x3", "skip_connect", "none", "avg_pool_3x3", "nor_conv_1x1", "skip_connect");

    private static int Index(string[] names, string name)
    {
        var i = Array.IndexOf(names, name);
        return i >= 0 ? i : throw new ArgumentException($"unknown option '{name}'");
    }
}
