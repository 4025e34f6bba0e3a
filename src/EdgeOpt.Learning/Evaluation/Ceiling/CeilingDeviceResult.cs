namespace EdgeOpt.Learning.Evaluation.Ceiling;

/// <summary>
/// One device column: the rows used (measured, latency > 0), the cells left out because their latency is 0 (no
/// logarithm), the held-out rows, and the figures, or why the device was skipped (then the figures are undefined).
/// </summary>
public sealed record CeilingDeviceResult(
    string Device, int Rows, int NonPositiveCells, int HoldoutRows, CeilingFigures Figures, string? SkippedReason)
{
    public bool Skipped => SkippedReason is not null;
}
