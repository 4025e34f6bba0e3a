using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Optimization.Accuracy;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// Accuracy with users' reports taking precedence: a reported fp32 accuracy is the figure for its architecture (its
/// interval the point), the other architectures come from the underlying source (a predictor), when there is one.
/// Reports of quantized designs are kept for <see cref="TryGetReported"/>. Thread-safe (immutable).
/// </summary>
public sealed class ReportedAccuracySource : IAccuracySource
{
    private readonly IAccuracySource? _model;
    private readonly Dictionary<Architecture, double> _fp32;
    private readonly Dictionary<Design, double> _designs;

    public ReportedAccuracySource(ISearchSpace space, string dataset, IAccuracySource? model, IReadOnlyList<(Design Design, double Top1)> reports)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(reports);
        if (model is not null && model.Space.Id != space.Id)
            throw new ArgumentException($"the accuracy model covers '{model.Space.Id}', not '{space.Id}'", nameof(model));
        Space = space;
        _model = model;
        _fp32 = new Dictionary<Architecture, double>();
        _designs = new Dictionary<Design, double>();
        foreach (var (design, top1) in reports)
        {
            if (design.Policy.Slots.All(p => p == Precision.Fp32)) _fp32[design.Architecture] = top1;
            else _designs[design] = top1;
        }
        Name = model is null
            ? $"reported:{dataset} ({reports.Count} reports)"
            : $"{model.Name} + reported:{dataset} ({reports.Count} reports)";
        Architectures = model is null ? _fp32.Keys.ToArray() : model.Architectures?.Union(_fp32.Keys).ToArray();
    }

    public string Name { get; }

    public ISearchSpace Space { get; }

    /// <summary>The model's provenance; measured when the figures are reports only.</summary>
    public AccuracyProvenance Provenance => _model?.Provenance ?? AccuracyProvenance.Measured;

    public IReadOnlyList<Architecture>? Architectures { get; }

    /// <summary>Whether a user reported the fp32 accuracy of the architecture.</summary>
    public bool IsReported(Architecture architecture) => _fp32.ContainsKey(architecture);

    /// <summary>A reported accuracy of a whole design (quantized designs included).</summary>
    public bool TryGetReported(Design design, out double top1)
    {
        if (design.Policy.Slots.All(p => p == Precision.Fp32)) return _fp32.TryGetValue(design.Architecture, out top1);
        return _designs.TryGetValue(design, out top1);
    }

    /// <summary>Whether <see cref="Predict"/> covers the architecture.</summary>
    public bool Covers(Architecture architecture) =>
        _fp32.ContainsKey(architecture) || (_model is not null && (_model.Architectures is null || _model.Architectures.Contains(architecture)));

    public AccuracyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var result = new AccuracyPrediction[architectures.Count];
        var rest = new List<int>();
        for (int i = 0; i < result.Length; i++)
        {
            if (_fp32.TryGetValue(architectures[i], out double v)) result[i] = new AccuracyPrediction(v, v, v);
            else rest.Add(i);
        }
        if (rest.Count == 0) return result;
        if (_model is null)
            throw new KeyNotFoundException($"no accuracy reported for {Space.Format(architectures[rest[0]])} and no accuracy model for '{Space.Id}'");
        var predicted = _model.Predict(rest.Select(i => architectures[i]).ToArray());
        for (int k = 0; k < rest.Count; k++) result[rest[k]] = predicted[k];
        return result;
    }
}
