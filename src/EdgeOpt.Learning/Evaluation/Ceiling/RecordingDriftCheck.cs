using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Evaluation.Ceiling;

/// <summary>A device column whose recording drifted: the share of the additive fit's residual that follows file order.</summary>
public sealed record RecordingDrift(string Device, int Rows, double DriftShare, double Lag1, double InSampleSrcc, double AfterDriftSrcc);

/// <summary>
/// Finds device columns of a measurement file that drifted while they were recorded (see <see cref="AdditiveCeiling"/>):
/// the residual of an additive fit on the device's own rows follows the file's row order far beyond chance, while the
/// architectures themselves are in no particular order. Such a column caps how well any architecture-only predictor
/// can match it, so importing it deserves a warning. Only columns with enough rows for the fit to leave the drift in
/// its residual are judged (<see cref="RowsPerParameter"/>).
/// </summary>
public static class RecordingDriftCheck
{
    /// <summary>Rows per fitted parameter below which a column is not judged (the fit would absorb the drift).</summary>
    public const int RowsPerParameter = 4;

    /// <summary>Drift share from which a column is reported (the chance level is about −0.05).</summary>
    public const double MinDriftShare = 0.2;

    /// <summary>Largest |lag-1| of the fitted values for which file order can be read as recording order.</summary>
    public const double MaxArchitectureOrder = 0.1;

    public static IReadOnlyList<RecordingDrift> Find(ISearchSpace space, MeasurementTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(table);
        var parameters = new ChoiceOneHot(space).ParameterCount;
        var judged = table.Devices.Where(d => table.MeasuredRows(d).Length >= RowsPerParameter * parameters).ToArray();
        if (judged.Length == 0) return [];
        var report = AdditiveCeiling.Run(space, table, judged, new CeilingOptions(), cancellationToken);
        return report.Devices
            .Where(r => !r.Skipped
                        && r.Figures.DriftShare >= MinDriftShare
                        && r.Figures.DriftShare >= r.Figures.ShuffledDriftShare + MinDriftShare
                        && Math.Abs(r.Figures.FittedLag1) <= MaxArchitectureOrder)
            .Select(r => new RecordingDrift(r.Device, r.Rows, r.Figures.DriftShare, r.Figures.Lag1, r.Figures.InSampleSrcc, r.Figures.AfterDriftSrcc))
            .ToArray();
    }
}
