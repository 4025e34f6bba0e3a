using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;

namespace EdgeOpt.Learning.Optimization.Accuracy;

/// <summary>
/// The fp32 top-1 accuracy (percent) of architectures of one search space, with an interval. Quantized designs are
/// charged on top of it by a <see cref="QuantizationAccuracyPrior"/>. Thread-safe.
/// </summary>
public interface IAccuracySource
{
    /// <summary>Shown in results and notes, e.g. "table nb201/accuracy.csv:cifar100".</summary>
    string Name { get; }

    ISearchSpace Space { get; }

    /// <summary>Whether the figures were measured (a table of trained networks) or estimated (a predictor, a proxy).</summary>
    AccuracyProvenance Provenance { get; }

    /// <summary>
    /// The architectures the source knows, when it knows only some (a table); null when it covers the whole space.
    /// Optimizers search among these when they are given.
    /// </summary>
    IReadOnlyList<Architecture>? Architectures { get; }

    /// <summary>One prediction per architecture, in order; throws <see cref="KeyNotFoundException"/> for one it does not cover.</summary>
    AccuracyPrediction[] Predict(IReadOnlyList<Architecture> architectures);
}
