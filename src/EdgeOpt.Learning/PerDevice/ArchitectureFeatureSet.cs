namespace EdgeOpt.Learning.PerDevice;

/// <summary>What a trainer of this library feeds its trees.</summary>
public enum ArchitectureFeatureSet
{
    /// <summary><see cref="EncodingAndCellStructure"/> where the space has structural features (NAS-Bench-201), else <see cref="Encoding"/>.</summary>
    Auto = 0,

    /// <summary>The space's <see cref="EdgeOpt.Core.Spaces.ISearchSpace.Encode"/> only (one-hot choices and graph features).</summary>
    Encoding = 1,

    /// <summary>The encoding followed by <see cref="Accuracy.Nb201CellFeatures"/>; NAS-Bench-201 only.</summary>
    EncodingAndCellStructure = 2,
}
