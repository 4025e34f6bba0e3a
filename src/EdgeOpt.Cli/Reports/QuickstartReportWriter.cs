using System.Globalization;
using System.Net;
using System.Text;

namespace EdgeOpt.Cli.Reports;

/// <summary>
/// Writes a <see cref="QuickstartReport"/> as Markdown (beside its plot) and as one self-contained HTML page
/// (the plot embedded), and the plot itself: report.md, report.html and pareto.png in one folder.
/// </summary>
public static class QuickstartReportWriter
{
    public const string MarkdownFile = "report.md";
    public const string HtmlFile = "report.html";
    public const string PlotFile = "pareto.png";

    /// <summary>Writes the three files into <paramref name="directory"/> (created when missing); returns their paths.</summary>
    public static IReadOnlyList<string> WriteAll(QuickstartReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        byte[] png = ParetoPlot.RenderPng(report.Front, report.BudgetMs, $"{report.Space} designs for {report.DeviceName} ({report.Dataset})");
        string plot = Path.Combine(directory, PlotFile), markdown = Path.Combine(directory, MarkdownFile), html = Path.Combine(directory, HtmlFile);
        File.WriteAllBytes(plot, png);
        using (var writer = new StreamWriter(markdown, false, new UTF8Encoding(false))) WriteMarkdown(report, writer, PlotFile);
        using (var writer = new StreamWriter(html, false, new UTF8Encoding(false))) WriteHtml(report, writer, png);
        return [markdown, html, plot];
    }

    public static void WriteMarkdown(QuickstartReport report, TextWriter w, string plotFile)
    {
        w.WriteLine($"# EdgeOpt quickstart: {report.Space} design for {report.DeviceName}");
        w.WriteLine();
        w.WriteLine($"{ReportText.Utc(report.CreatedUtc)} · `{report.Command}`");
        w.WriteLine();
        w.WriteLine("## Design");
        w.WriteLine();
        w.WriteLine($"- architecture: `{report.Design}`");
        w.WriteLine($"- precisions: {string.Join(", ", report.Precisions)}");
        w.WriteLine($"- latency budget: {ReportText.Number(report.BudgetMs)} ms ({report.BudgetOrigin})");
        w.WriteLine($"- optimizer: {report.Optimizer}; latency predictor: {report.PredictorId}; accuracy on {report.Dataset}");
        w.WriteLine($"- device: {report.DeviceName} (`{report.DeviceId}`), {report.Machine}");
        w.WriteLine($"- files: `model.onnx` (the design), `{plotFile}`, `report.html`");
        w.WriteLine();
        w.WriteLine("## Predicted and measured");
        w.WriteLine();
        w.WriteLine("| metric | predicted | measured on the device | measured vs predicted |");
        w.WriteLine("|---|---|---|---|");
        foreach (var m in report.Metrics)
            w.WriteLine($"| {m.Name} | {Cell(ReportText.Figure(m.Predicted, m.Unit))} | {Cell(ReportText.Figure(m.Measured, m.Unit))} | {ReportText.Error(m)} |");
        w.WriteLine();
        w.WriteLine("## How the device was modeled (proxy decision)");
        w.WriteLine();
        w.WriteLine($"Decision: **{report.Proxy.Decision}**: {ReportText.Decision(report.Proxy)}.");
        w.WriteLine();
        w.WriteLine(report.Proxy.Summary);
        if (report.Proxy.Candidates.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"| known device | points | Spearman ρ | {Level(report.Proxy)} interval |");
            w.WriteLine("|---|---|---|---|");
            foreach (var c in report.Proxy.Candidates)
                w.WriteLine($"| {Cell(c.Device)}{(c.Device == report.Proxy.Proxy ? " (proxy)" : "")} | {c.Points} | {ReportText.Number(c.Spearman)} | [{ReportText.Number(c.Lower)}, {ReportText.Number(c.Upper)}] |");
            if (report.Proxy.Threshold is { } threshold)
            {
                w.WriteLine();
                w.WriteLine($"Reuse needs the proxy's lower bound at or above {ReportText.Number(threshold)}.");
            }
        }
        w.WriteLine();
        w.WriteLine("## Pareto front");
        w.WriteLine();
        w.WriteLine($"![Accuracy against latency, chosen design marked]({plotFile})");
        w.WriteLine();
        w.WriteLine("| latency (ms) | accuracy (%) | design |");
        w.WriteLine("|---|---|---|");
        foreach (var p in report.Front.OrderBy(p => p.LatencyMs))
            w.WriteLine($"| {ReportText.Number(p.LatencyMs)} | {ReportText.Number(p.Accuracy)} | `{Cell(p.Design)}`{(p.Chosen ? " **(chosen)**" : "")} |");
        w.WriteLine();
        w.WriteLine($"## Signature measurements ({report.Signature.Count})");
        w.WriteLine();
        w.WriteLine("| architecture | latency (ms) | provenance |");
        w.WriteLine("|---|---|---|");
        foreach (var s in report.Signature.OrderBy(s => s.LatencyMs))
            w.WriteLine($"| `{Cell(s.Arch)}` | {ReportText.Number(s.LatencyMs)} | {s.Provenance} |");
        if (report.Notes.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("## Notes");
            w.WriteLine();
            foreach (var note in report.Notes) w.WriteLine($"- {note}");
        }
    }

    public static void WriteHtml(QuickstartReport report, TextWriter w, byte[] png)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        w.WriteLine("<!DOCTYPE html>");
        w.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        w.WriteLine($"<title>EdgeOpt quickstart: {E(report.DeviceName)}</title>");
        w.WriteLine("<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
            + "table{border-collapse:collapse;margin:0.5rem 0}td,th{border:1px solid #ccc;padding:0.25rem 0.5rem;text-align:left}"
            + "code{background:#f4f4f4;padding:0 0.2rem}.chosen{background:#fde8e8;font-weight:bold}img{max-width:100%}</style>");
        w.WriteLine("</head><body>");
        w.WriteLine($"<h1>EdgeOpt quickstart: {E(report.Space)} design for {E(report.DeviceName)}</h1>");
        w.WriteLine($"<p>{E(ReportText.Utc(report.CreatedUtc))} · <code>{E(report.Command)}</code></p>");
        w.WriteLine("<h2>Design</h2><ul>");
        w.WriteLine($"<li>architecture: <code>{E(report.Design)}</code></li>");
        w.WriteLine($"<li>precisions: {E(string.Join(", ", report.Precisions))}</li>");
        w.WriteLine($"<li>latency budget: {E(ReportText.Number(report.BudgetMs))} ms ({E(report.BudgetOrigin)})</li>");
        w.WriteLine($"<li>optimizer: {E(report.Optimizer)}; latency predictor: {E(report.PredictorId)}; accuracy on {E(report.Dataset)}</li>");
        w.WriteLine($"<li>device: {E(report.DeviceName)} (<code>{E(report.DeviceId)}</code>), {E(report.Machine)}</li></ul>");
        w.WriteLine("<h2>Predicted and measured</h2>");
        w.WriteLine("<table><tr><th>metric</th><th>predicted</th><th>measured on the device</th><th>measured vs predicted</th></tr>");
        foreach (var m in report.Metrics)
            w.WriteLine($"<tr><td>{E(m.Name)}</td><td>{E(ReportText.Figure(m.Predicted, m.Unit))}</td><td>{E(ReportText.Figure(m.Measured, m.Unit))}</td><td>{E(ReportText.Error(m))}</td></tr>");
        w.WriteLine("</table>");
        w.WriteLine("<h2>How the device was modeled (proxy decision)</h2>");
        w.WriteLine($"<p>Decision: <strong>{E(report.Proxy.Decision)}</strong>: {E(ReportText.Decision(report.Proxy))}.</p>");
        w.WriteLine($"<p>{E(report.Proxy.Summary)}</p>");
        if (report.Proxy.Candidates.Count > 0)
        {
            w.WriteLine($"<table><tr><th>known device</th><th>points</th><th>Spearman ρ</th><th>{E(Level(report.Proxy))} interval</th></tr>");
            foreach (var c in report.Proxy.Candidates)
                w.WriteLine($"<tr{(c.Device == report.Proxy.Proxy ? " class=\"chosen\"" : "")}><td>{E(c.Device)}</td><td>{c.Points}</td><td>{E(ReportText.Number(c.Spearman))}</td><td>[{E(ReportText.Number(c.Lower))}, {E(ReportText.Number(c.Upper))}]</td></tr>");
            w.WriteLine("</table>");
        }
        w.WriteLine("<h2>Pareto front</h2>");
        w.WriteLine($"<img alt=\"Accuracy against latency, chosen design marked\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">");
        w.WriteLine("<table><tr><th>latency (ms)</th><th>accuracy (%)</th><th>design</th></tr>");
        foreach (var p in report.Front.OrderBy(p => p.LatencyMs))
            w.WriteLine($"<tr{(p.Chosen ? " class=\"chosen\"" : "")}><td>{E(ReportText.Number(p.LatencyMs))}</td><td>{E(ReportText.Number(p.Accuracy))}</td><td><code>{E(p.Design)}</code></td></tr>");
        w.WriteLine("</table>");
        w.WriteLine($"<h2>Signature measurements ({report.Signature.Count})</h2>");
        w.WriteLine("<table><tr><th>architecture</th><th>latency (ms)</th><th>provenance</th></tr>");
        foreach (var s in report.Signature.OrderBy(s => s.LatencyMs))
            w.WriteLine($"<tr><td><code>{E(s.Arch)}</code></td><td>{E(ReportText.Number(s.LatencyMs))}</td><td>{E(s.Provenance)}</td></tr>");
        w.WriteLine("</table>");
        if (report.Notes.Count > 0)
        {
            w.WriteLine("<h2>Notes</h2><ul>");
            foreach (var note in report.Notes) w.WriteLine($"<li>{E(note)}</li>");
            w.WriteLine("</ul>");
        }
        w.WriteLine("</body></html>");
    }

    /// <summary>A Markdown table cell: '|' is escaped, even inside code spans (GitHub splits cells on it otherwise).</summary>
    private static string Cell(string text) => text.Replace("|", "\\|");

    private static string Level(ProxyEvidence proxy) =>
        proxy.Confidence is { } c ? (c * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "confidence";
}
