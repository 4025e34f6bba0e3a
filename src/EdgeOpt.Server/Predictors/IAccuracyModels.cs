using EdgeOpt.Learning.Optimization.Accuracy;

namespace EdgeOpt.Server.Predictors;

/// <summary>The accuracy source of a space and dataset for the optimizers (stored predictor, reported accuracies first).</summary>
public interface IAccuracyModels
{
    /// <summary>Null when the server has no accuracy model for the space and dataset.</summary>
    IAccuracySource? For(string space, string dataset);
}
