using EdgeOpt.Learning.Latency;
using EdgeOpt.Server.Domain;

namespace EdgeOpt.Server.Predictors;

/// <summary>A stored predictor version with its model loaded.</summary>
public sealed record LoadedPredictor(PredictorVersionRecord Record, ILatencyModel Model)
{
    /// <summary>"&lt;method&gt;/v&lt;version&gt;".</summary>
    public string Source => $"{Record.Method}/v{Record.Version}";
}
