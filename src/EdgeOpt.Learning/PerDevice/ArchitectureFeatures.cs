using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;

namespace EdgeOpt.Learning.PerDevice;

/// <summary>
/// Turns architectures into the float rows the tree trainers read: <see cref="ISearchSpace.Encode"/>, optionally
/// followed by extra features. Batches are encoded in parallel (encoding builds the network's graph statistics).
/// </summary>
internal sealed class ArchitectureFeatures
{
    private readonly ISearchSpace _space;
    private readonly Func<Architecture, double[]>? _extra;

    public ArchitectureFeatures(ISearchSpace space, Func<Architecture, double[]>? extra = null, IReadOnlyList<string>? extraNames = null)
    {
        _space = space;
        _extra = extra;
        Names = [.. space.FeatureNames, .. extraNames ?? []];
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// Resolves <see cref="ArchitectureFeatureSet.Auto"/> for the space; a set the space lacks is an
    /// <see cref="ArgumentException"/> naming the option "<paramref name="owner"/>.Options.FeatureSet".
    /// </summary>
    public static ArchitectureFeatureSet Resolve(ISearchSpace space, ArchitectureFeatureSet requested, string owner)
    {
        bool hasCellFeatures = space.Id == Nb201Space.SpaceId;
        return requested switch
        {
            ArchitectureFeatureSet.Auto => hasCellFeatures ? ArchitectureFeatureSet.EncodingAndCellStructure : ArchitectureFeatureSet.Encoding,
            ArchitectureFeatureSet.Encoding => requested,
            ArchitectureFeatureSet.EncodingAndCellStructure when hasCellFeatures => requested,
            ArchitectureFeatureSet.EncodingAndCellStructure => throw new ArgumentException(
                $"{owner}.Options.FeatureSet is {requested}, which only search space '{Nb201Space.SpaceId}' has; " +
                $"for '{space.Id}' allowed: {ArchitectureFeatureSet.Auto}, {ArchitectureFeatureSet.Encoding}",
                "options"),
            _ => throw new ArgumentOutOfRangeException("options", requested,
                $"{owner}.Options.FeatureSet is {requested}; allowed: {string.Join(", ", Enum.GetNames<ArchitectureFeatureSet>())}"),
        };
    }

    /// <summary>The features of a resolved set (not <see cref="ArchitectureFeatureSet.Auto"/>).</summary>
    public static ArchitectureFeatures For(ISearchSpace space, ArchitectureFeatureSet resolved) =>
        resolved == ArchitectureFeatureSet.EncodingAndCellStructure
            ? new ArchitectureFeatures(space, Nb201CellFeatures.Of, Nb201CellFeatures.Names)
            : new ArchitectureFeatures(space);

    /// <summary>Checks that an architecture belongs to the space; the message names its position in the input.</summary>
    public void EnsureMember(Architecture? architecture, string paramName, int index)
    {
        if (architecture is null)
            throw new ArgumentException($"architecture at index {index} is null", paramName);
        if (architecture.SpaceId != _space.Id)
            throw new ArgumentException(
                $"architecture at index {index} belongs to search space '{architecture.SpaceId}'; this model is for '{_space.Id}'",
                paramName);
        if (architecture.Choices.Count != _space.DecisionCount)
            throw new ArgumentException(
                $"architecture at index {index} has {architecture.Choices.Count} choices; search space '{_space.Id}' has {_space.DecisionCount} decisions",
                paramName);
        for (int d = 0; d < _space.DecisionCount; d++)
        {
            int options = _space.OptionsAt(d).Count;
            if (architecture.Choices[d] < 0 || architecture.Choices[d] >= options)
                throw new ArgumentException(
                    $"architecture at index {index}: choice {architecture.Choices[d]} at decision {d} is out of range; allowed 0..{options - 1}",
                    paramName);
        }
    }

    public float[] Of(Architecture architecture)
    {
        var encoded = _space.Encode(architecture);
        var extra = _extra?.Invoke(architecture) ?? [];
        var row = new float[encoded.Length + extra.Length];
        for (int i = 0; i < encoded.Length; i++) row[i] = (float)encoded[i];
        for (int i = 0; i < extra.Length; i++) row[encoded.Length + i] = (float)extra[i];
        return row;
    }

    public float[][] Of(IReadOnlyList<Architecture> architectures, string paramName)
    {
        for (int i = 0; i < architectures.Count; i++) EnsureMember(architectures[i], paramName, i);
        var rows = new float[architectures.Count][];
        if (architectures.Count < 256)
        {
            for (int i = 0; i < rows.Length; i++) rows[i] = Of(architectures[i]);
        }
        else
        {
            Parallel.For(0, rows.Length, i => rows[i] = Of(architectures[i]));
        }
        return rows;
    }
}
