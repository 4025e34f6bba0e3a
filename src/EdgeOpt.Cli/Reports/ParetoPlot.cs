using ScottPlot;

namespace EdgeOpt.Cli.Reports;

/// <summary>The Pareto-front picture: accuracy against latency, the chosen design marked, the budget as a line.</summary>
public static class ParetoPlot
{
    public const int Width = 800;
    public const int Height = 500;

    /// <summary>Renders the front as PNG bytes.</summary>
    public static byte[] RenderPng(IReadOnlyList<ParetoPoint> front, double? budgetMs, string title, int width = Width, int height = Height)
    {
        ArgumentNullException.ThrowIfNull(front);
        var plot = new Plot();
        var ordered = front.OrderBy(p => p.LatencyMs).ToList();
        // The line joins only the non-dominated points: a chosen design that the predicted front dominates (chosen for
        // a surer fit, or measured) is marked on its own rather than bending the front.
        var frontier = NonDominated(ordered);
        if (frontier.Count > 0)
        {
            var line = plot.Add.Scatter(frontier.Select(p => p.LatencyMs).ToArray(), frontier.Select(p => p.Accuracy).ToArray());
            line.LegendText = "Pareto front (predicted)";
            line.MarkerSize = 7;
            line.LineWidth = 1.5f;
            line.ConnectStyle = ConnectStyle.StepHorizontal;
        }
        foreach (var chosen in ordered.Where(p => p.Chosen))
        {
            var marker = plot.Add.Marker(chosen.LatencyMs, chosen.Accuracy);
            marker.MarkerShape = MarkerShape.FilledDiamond;
            marker.MarkerSize = 16;
            marker.Color = Colors.Red;
            marker.LegendText = "chosen design";
        }
        if (budgetMs is { } budget && double.IsFinite(budget))
        {
            var budgetLine = plot.Add.VerticalLine(budget);
            budgetLine.LinePattern = LinePattern.Dashed;
            budgetLine.Color = Colors.Gray;
            budgetLine.LegendText = $"budget {budget:0.###} ms";
        }
        plot.Title(title);
        plot.XLabel("latency on the device (ms)");
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>The points no other point beats on both latency (lower) and accuracy (higher), by latency.</summary>
    public static IReadOnlyList<ParetoPoint> NonDominated(IEnumerable<ParetoPoint> points)
    {
        var result = new List<ParetoPoint>();
        foreach (var p in points.OrderBy(p => p.LatencyMs).ThenByDescending(p => p.Accuracy))
            if (result.Count == 0 || p.Accuracy > result[^1].Accuracy) result.Add(p);
        return result;
    }

    /// <summary>True when <paramref name="bytes"/> start with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> bytes) =>
        bytes.Length > 8 && bytes[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
}
