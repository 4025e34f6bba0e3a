namespace EdgeOpt.Core.Onnx;

/// <summary>
/// What <see cref="OnnxGraphFeaturizer"/> reads from an ONNX model: a record per node (in execution order), the
/// totals, a fixed-length feature vector (<see cref="OnnxGraphFeaturizer.FeatureNames"/>) and the assumptions it
/// had to make (dynamic batch taken as 1, fallbacks, value_info disagreements).
/// </summary>
public sealed record OnnxGraphAnalysis(
    IReadOnlyList<OnnxOperatorRecord> Operators,
    OnnxGraphSummary Summary,
    IReadOnlyList<double> Features,
    IReadOnlyList<string> Warnings)
{
    public IReadOnlyList<string> FeatureNames => OnnxGraphFeaturizer.FeatureNames;

    /// <summary>The feature of a given name.</summary>
    public double Feature(string name)
    {
        var index = Array.IndexOf(OnnxFeatureVector.NameArray, name);
        return index >= 0
            ? Features[index]
            : throw new ArgumentException($"unknown feature '{name}'; known: {string.Join(", ", OnnxFeatureVector.Names)}", nameof(name));
    }
}
