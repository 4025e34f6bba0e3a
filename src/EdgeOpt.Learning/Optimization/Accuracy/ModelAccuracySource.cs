using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;

namespace EdgeOpt.Learning.Optimization.Accuracy;

/// <summary>Accuracy from a trained <see cref="AccuracyModel"/> (estimated; its interval is the model's).</summary>
public sealed class ModelAccuracySource(AccuracyModel model, string? name = null) : IAccuracySource
{
    private readonly AccuracyModel _model = model ?? throw new ArgumentNullException(nameof(model));

    public string Name { get; } = name ?? $"accuracy-model({model.Space.Id}, {model.TrainingCount} trained networks)";

    public ISearchSpace Space => _model.Space;

    public AccuracyProvenance Provenance => AccuracyProvenance.Estimated;

    public IReadOnlyList<Architecture>? Architectures => null;

    public AccuracyPrediction[] Predict(IReadOnlyList<Architecture> architectures) => _model.Predict(architectures);
}
