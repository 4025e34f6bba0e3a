namespace EdgeOpt.Learning.Latency;

/// <summary>
/// The step a device's measurements were rounded to, read from the values themselves (some devices report whole
/// milliseconds), and the noise that rounding adds to a log cost: a value rounded to step q carries an error uniform
/// in ±q/2, variance q²/12, so its logarithm one of about q²/(12·value²) — large for fast networks on a coarse clock.
/// </summary>
public static class MeasurementResolution
{
    /// <summary>Coarsest and finest steps tried (powers of ten).</summary>
    public const int MaxExponent = 3, MinExponent = -6;

    /// <summary>
    /// The largest power of ten (10^<see cref="MaxExponent"/> down to 10^<see cref="MinExponent"/>) that every value
    /// is a whole multiple of, at most the smallest value; 0 when there is none (values of full precision) or no value.
    /// </summary>
    public static double Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return 0;
        var smallest = values.Min();
        if (!(smallest > 0)) return 0;
        for (var e = MaxExponent; e >= MinExponent; e--)
        {
            var step = Math.Pow(10, e);
            if (step > smallest) continue;
            if (values.All(v => Math.Abs(v / step - Math.Round(v / step)) <= 1e-6)) return step;
        }
        return 0;
    }

    /// <summary>Variance that rounding to <paramref name="step"/> adds to the natural log of a value near <paramref name="value"/>.</summary>
    public static double LogVariance(double step, double value) =>
        step > 0 && value > 0 ? step * step / (12 * value * value) : 0;
}
