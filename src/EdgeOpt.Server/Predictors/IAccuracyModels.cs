using EdgeOpt.Learning.Optimization.Accuracy;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// Accuracy sources per (space, dataset): the pretrained accuracy predictor, with accuracies that users reported
/// (Predictor.ReportAccuracy) taking precedence. Thread-safe.
/// </summary>
public interface IAccuracyModels
{
    /// <summary>The source, or null when the server has neither a model nor a report for the space and dataset.</summary>
    IAccuracySource? For(string space, string dataset);

    /// <summary>Datasets with a model or a report in the space, the default (<see cref="DefaultDataset"/>) first.</summary>
    IReadOnlyList<string> Datasets(string space);

    /// <summary>The dataset Predict uses when the request names none, or null when the space has none.</summary>
    string? DefaultDataset(string space);
}
