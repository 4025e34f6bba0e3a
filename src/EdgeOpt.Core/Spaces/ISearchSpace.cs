namespace EdgeOpt.Core.Spaces;

/// <summary>
/// A family of networks: parse and print canonical strings, enumerate or sample, mutate, encode.
/// Implementations are stateless and thread-safe.
/// </summary>
public interface ISearchSpace
{
    /// <summary>Stable id used in files and RPCs: "nb201", "fbnet", "convnet".</summary>
    string Id { get; }

    /// <summary>Number of decisions (NAS-Bench-201: 6 edges; FBNet: 22 layers; convnet: 6 value grids).</summary>
    int DecisionCount { get; }

    /// <summary>Option names at one decision, in index order.</summary>
    IReadOnlyList<string> OptionsAt(int decision);

    /// <summary>Number of quantization slots (NAS-Bench-201: 3 stages; FBNet: 22 layers; convnet: 1).</summary>
    int PrecisionSlots { get; }

    /// <summary>Number of members (may exceed long for large spaces: then null).</summary>
    long? Size { get; }

    /// <summary>Parses a canonical string; <see cref="FormatException"/> names the position and allowed values.</summary>
    Architecture Parse(string text);

    bool TryParse(string text, out Architecture? architecture, out string? error);

    /// <summary>The canonical string.</summary>
    string Format(Architecture architecture);

    /// <summary>All members in the space's official order (throws NotSupportedException where too large).</summary>
    IEnumerable<Architecture> Enumerate();

    Architecture Sample(Random random);

    /// <summary>Changes exactly one decision to a different option.</summary>
    Architecture Mutate(Architecture architecture, Random random);

    /// <summary>Names of the features produced by <see cref="Encode"/>, in order.</summary>
    IReadOnlyList<string> FeatureNames { get; }

    /// <summary>One-hot choices followed by graph features (FLOPs, parameters, activation memory, op counts).</summary>
    double[] Encode(Architecture architecture);
}
