namespace EdgeOpt.Learning.Optimization;

/// <summary>
/// What the optimizer maximizes among the designs that fit the budgets:
/// <c>Accuracy x top-1 (points) - LogLatency x ln(latency ms) - LogEnergy x ln(energy mJ)</c>, with the median predicted
/// latency and energy. The default (1, 0, 0) maximizes accuracy alone; a positive <see cref="LogLatency"/> trades
/// accuracy points for speed (e.g. 1 = one point is worth a factor e in latency).
/// </summary>
public sealed record ObjectiveWeights
{
    public ObjectiveWeights(double accuracy = 1.0, double logLatency = 0.0, double logEnergy = 0.0)
    {
        Check(accuracy, nameof(accuracy));
        Check(logLatency, nameof(logLatency));
        Check(logEnergy, nameof(logEnergy));
        if (accuracy == 0 && logLatency == 0 && logEnergy == 0)
            throw new ArgumentException("objective weights are all 0; at least one must be > 0", nameof(accuracy));
        Accuracy = accuracy;
        LogLatency = logLatency;
        LogEnergy = logEnergy;
    }

    /// <summary>Maximize accuracy subject to the budgets.</summary>
    public static ObjectiveWeights AccuracyOnly { get; } = new();

    public double Accuracy { get; }

    public double LogLatency { get; }

    public double LogEnergy { get; }

    /// <summary>The objective of one design from its top-1 (points) and log median latency / energy (energy ignored when NaN).</summary>
    public double Score(double top1, double logLatency, double logEnergy)
    {
        var score = Accuracy * top1 - LogLatency * logLatency;
        if (LogEnergy != 0 && !double.IsNaN(logEnergy)) score -= LogEnergy * logEnergy;
        return score;
    }

    private static void Check(double value, string name)
    {
        if (!(double.IsFinite(value) && value >= 0))
            throw new ArgumentOutOfRangeException(name, value, $"objective weight '{name}' must be finite and >= 0");
    }
}
