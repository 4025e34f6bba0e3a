using System.Globalization;

namespace EdgeOpt.Core.Spaces;

/// <summary>
/// One FBNet block choice, read from its name <c>k{kernel}_e{expansion}[_g{groups}]</c> or <c>skip</c>:
/// an inverted-residual block with a depthwise <see cref="Kernel"/> x <see cref="Kernel"/> convolution, channel
/// expansion <see cref="Expansion"/> and <see cref="Groups"/> groups in its 1x1 convolutions.
/// A skip block has <see cref="IsSkip"/> set, Kernel 0, Expansion 0 and Groups 1.
/// </summary>
public sealed record FbnetBlock(string Name, int Kernel, int Expansion, int Groups, bool IsSkip)
{
    /// <summary>Block names in option-index order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["k3_e1", "k3_e1_g2", "k3_e3", "k3_e6", "k5_e1", "k5_e1_g2", "k5_e3", "k5_e6", "skip"];

    /// <summary>The blocks in option-index order.</summary>
    public static IReadOnlyList<FbnetBlock> All { get; } = Names.Select(Read).ToArray();

    /// <summary>The block with a given name; <see cref="FormatException"/> lists the allowed names.</summary>
    public static FbnetBlock Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int index = IndexOf(name);
        return index >= 0
            ? All[index]
            : throw new FormatException($"unknown FBNet block '{name}'; allowed: {string.Join(", ", Names)}");
    }

    /// <summary>Option index of a block name, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (int i = 0; i < Names.Count; i++)
            if (Names[i] == name) return i;
        return -1;
    }

    public override string ToString() => Name;

    private static FbnetBlock Read(string name)
    {
        if (name == "skip") return new FbnetBlock(name, 0, 0, 1, true);
        var parts = name.Split('_');
        int kernel = Number(parts[0], 'k');
        int expansion = Number(parts[1], 'e');
        int groups = parts.Length > 2 ? Number(parts[2], 'g') : 1;
        return new FbnetBlock(name, kernel, expansion, groups, false);
    }

    private static int Number(string part, char prefix) =>
        part[0] == prefix
            ? int.Parse(part.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"block name part '{part}' should start with '{prefix}'");
}
