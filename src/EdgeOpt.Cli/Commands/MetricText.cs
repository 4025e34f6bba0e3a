using System.Globalization;

namespace EdgeOpt.Cli.Commands;

/// <summary>How the evaluation tables print metrics.</summary>
internal static class MetricText
{
    public static string Ratio(double value) =>
        double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    public static string Percent(double fraction) =>
        double.IsFinite(fraction) ? (100 * fraction).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
}
