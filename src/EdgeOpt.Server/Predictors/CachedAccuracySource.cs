using System.Collections.Concurrent;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Optimization.Accuracy;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// An accuracy source whose answers never change (a loaded accuracy model), remembered per architecture: a Predict of
/// a whole space runs the model's trees once, and later requests for the same architectures only look them up.
/// Remembers at most <see cref="MaxEntries"/> architectures (past that, new ones are predicted each time). Thread-safe.
/// </summary>
public sealed class CachedAccuracySource(IAccuracySource inner) : IAccuracySource
{
    public const int MaxEntries = 200_000;

    private readonly IAccuracySource _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly ConcurrentDictionary<Architecture, AccuracyPrediction> _known = new();

    public string Name => _inner.Name;

    public ISearchSpace Space => _inner.Space;

    public AccuracyProvenance Provenance => _inner.Provenance;

    public IReadOnlyList<Architecture>? Architectures => _inner.Architectures;

    /// <summary>How many architectures are remembered.</summary>
    public int Count => _known.Count;

    public AccuracyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var result = new AccuracyPrediction[architectures.Count];
        var missing = new List<int>();
        for (var i = 0; i < result.Length; i++)
            if (!_known.TryGetValue(architectures[i], out result[i])) missing.Add(i);
        if (missing.Count == 0) return result;
        var predicted = _inner.Predict(missing.Select(i => architectures[i]).ToArray());
        for (var k = 0; k < missing.Count; k++)
        {
            result[missing[k]] = predicted[k];
            if (_known.Count < MaxEntries) _known.TryAdd(architectures[missing[k]], predicted[k]);
        }
        return result;
    }
}
