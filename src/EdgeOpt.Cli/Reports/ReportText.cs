using System.Globalization;

namespace EdgeOpt.Cli.Reports;

/// <summary>How the report words figures and decisions, shared by the Markdown and the HTML writer.</summary>
internal static class ReportText
{
    public static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.###", CultureInfo.InvariantCulture);

    public static string Figure(ReportFigure? figure, string unit)
    {
        if (figure is null) return "—";
        string text = $"{Number(figure.Value)} {unit}".TrimEnd();
        if (figure.Lower is { } lower && figure.Upper is { } upper) text += $" [{Number(lower)}, {Number(upper)}]";
        text += $" ({figure.Provenance}{(figure.Source.Length > 0 ? ", " + figure.Source : "")})";
        return text;
    }

    /// <summary>Measured relative to predicted, as a signed percentage; empty when either is missing.</summary>
    public static string Error(ReportMetric metric) =>
        metric.Predicted is { } p && metric.Measured is { } m && p.Value != 0
            ? ((m.Value - p.Value) / p.Value * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %"
            : "";

    public static string Decision(ProxyEvidence proxy) => proxy.Decision switch
    {
        "proxy-reuse" => $"reuse proxy device {proxy.Proxy} (its latencies, calibrated)",
        "proxy-adapt" => $"adapt proxy device {proxy.Proxy} (its latencies plus a per-operator correction)",
        "cross-device" => "cross-device predictor adapted to this device's measurements",
        _ => proxy.Decision,
    };

    public static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
