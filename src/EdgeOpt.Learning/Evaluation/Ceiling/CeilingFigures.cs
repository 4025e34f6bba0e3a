namespace EdgeOpt.Learning.Evaluation.Ceiling;

/// <summary>
/// The figures of the additive ceiling on one device (or their mean over devices). Fractions are 0..1; undefined
/// figures are NaN.
/// </summary>
/// <param name="HoldoutSrcc">Spearman of predicted vs measured latency on the held-out rows (fit on the others).</param>
/// <param name="HoldoutWithin10">Share of held-out rows predicted within ±10 %.</param>
/// <param name="HoldoutMape">Mean absolute percentage error on the held-out rows (0.05 = 5 %).</param>
/// <param name="InSampleSrcc">Spearman of the fit on all rows vs the same rows.</param>
/// <param name="Lag1">Lag-1 autocorrelation of the in-sample residuals of log latency, in file order.</param>
/// <param name="FittedLag1">
/// Lag-1 autocorrelation of the fitted values (a function of the architecture alone) in file order: about 0 when the
/// architectures are in random order in the file; far from 0 when the order is structured, and then the file-order
/// figures mix architecture structure with time.
/// </param>
/// <param name="DriftShare">1 − Σ(r − d)² / Σ r², d the mean residual of the window's neighbours, in file order.</param>
/// <param name="AfterDriftSrcc">In-sample Spearman against log latency less the drift d (file order).</param>
/// <param name="ShuffledDriftShare">The drift share with the rows in a seeded random order: what chance gives.</param>
public sealed record CeilingFigures(
    double HoldoutSrcc, double HoldoutWithin10, double HoldoutMape, double InSampleSrcc, double Lag1, double FittedLag1, double DriftShare,
    double AfterDriftSrcc, double ShuffledDriftShare)
{
    public static CeilingFigures Undefined { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>The mean of each figure over the given ones, NaN entries left out.</summary>
    public static CeilingFigures Mean(IReadOnlyList<CeilingFigures> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return new CeilingFigures(
            MeanOf(figures.Select(f => f.HoldoutSrcc)), MeanOf(figures.Select(f => f.HoldoutWithin10)),
            MeanOf(figures.Select(f => f.HoldoutMape)), MeanOf(figures.Select(f => f.InSampleSrcc)),
            MeanOf(figures.Select(f => f.Lag1)), MeanOf(figures.Select(f => f.FittedLag1)), MeanOf(figures.Select(f => f.DriftShare)),
            MeanOf(figures.Select(f => f.AfterDriftSrcc)), MeanOf(figures.Select(f => f.ShuffledDriftShare)));
    }

    private static double MeanOf(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length == 0 ? double.NaN : finite.Average();
    }
}
