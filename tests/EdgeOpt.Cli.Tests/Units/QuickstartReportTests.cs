using EdgeOpt.Cli.Reports;
using EdgeOpt.Cli.Tests.Support;
using SkiaSharp;

namespace EdgeOpt.Cli.Tests.Units;

public sealed class QuickstartReportTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static QuickstartReport Sample(string decision = "proxy-adapt") => new(
        DeviceName: "this-machine",
        DeviceId: "dev_123",
        Machine: "Intel Xeon, 2 cores, onnxruntime 1.31.1",
        Space: "nb201",
        Dataset: "cifar10",
        Design: "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|none~0|nor_conv_1x1~1|avg_pool_3x3~2|",
        Precisions: ["fp32", "fp32", "int8"],
        BudgetMs: 2.5,
        BudgetOrigin: "median of the 10 signature latencies",
        Optimizer: "evolutionary",
        PredictorId: "nb201-latency",
        Metrics:
        [
            new("latency", "ms", new ReportFigure(2.1, "predicted", 1.9, 2.4, "neural-linear/v1"), new ReportFigure(2.3, "measured", Source: "job_9")),
            new("accuracy", "%", new ReportFigure(93.1, "estimated", Source: "table"), null),
        ],
        Proxy: new ProxyEvidence(decision, decision == "cross-device" ? "" : "gold_6240", 0.9, 0.95,
            decision == "cross-device" ? [] : [new ProxyCandidate("gold_6240", 10, 0.97, 0.91, 0.99), new ProxyCandidate("pixel3", 10, 0.6, 0.2, 0.8)],
            "10 measurements; gold_6240 ranks the architectures most like this device."),
        Signature: [new("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", 0.4, "measured"), new("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|", 6.2, "measured")],
        Front: [new("a", 0.5, 85, false), new("b", 1.5, 90, false), new("c", 2.3, 93.1, true), new("d", 4, 94, false)],
        Notes: ["verified on this machine: 2.3 ms"],
        CreatedUtc: new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero),
        Command: "edgeopt quickstart --seed 0");

    [Fact]
    public void WriteAll_WritesMarkdownHtmlAndPng_NamingTheDesignAndTheProxyDecision()
    {
        var files = QuickstartReportWriter.WriteAll(Sample(), _temp.Path);

        Assert.Equal(["report.md", "report.html", "pareto.png"], files.Select(Path.GetFileName));
        string md = File.ReadAllText(_temp.Combine("report.md"));
        Assert.Contains("`|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|none~0|nor_conv_1x1~1|avg_pool_3x3~2|`", md);
        Assert.Contains("**proxy-adapt**", md);
        Assert.Contains("| gold_6240 (proxy) | 10 | 0.97 | [0.91, 0.99] |", md);
        Assert.Contains("| latency | 2.1 ms [1.9, 2.4] (predicted, neural-linear/v1) | 2.3 ms (measured, job_9) | +9.5 % |", md);
        Assert.Contains("![Accuracy against latency, chosen design marked](pareto.png)", md);
        Assert.Contains("| 2.3 | 93.1 | `c` **(chosen)** |", md);
        // Pipes of architecture strings are escaped inside table cells, so the table keeps its columns.
        Assert.Contains(@"| `\|none~0\|+\|none~0\|none~1\|+\|none~0\|none~1\|none~2\|` | 0.4 | measured |", md);
    }

    [Fact]
    public void Html_IsSelfContained_WithThePlotEmbedded_AndTextEscaped()
    {
        var report = Sample() with { DeviceName = "<lab & co>" };
        QuickstartReportWriter.WriteAll(report, _temp.Path);

        string html = File.ReadAllText(_temp.Combine("report.html"));
        Assert.Contains("data:image/png;base64,", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<link", html);
        Assert.Contains("&lt;lab &amp; co&gt;", html);
        Assert.DoesNotContain("<lab & co>", html);
        Assert.Contains("<strong>proxy-adapt</strong>", html);
    }

    [Fact]
    public void CrossDeviceDecision_HasNoCandidateTable_ButSaysWhy()
    {
        QuickstartReportWriter.WriteAll(Sample("cross-device"), _temp.Path);

        string md = File.ReadAllText(_temp.Combine("report.md"));
        Assert.Contains("**cross-device**: cross-device predictor adapted to this device's measurements", md);
        Assert.DoesNotContain("Spearman", md);
    }

    [Fact]
    public void ParetoPlot_RendersAPngOfTheAskedSize_WithTheChosenDesignMarkedInRed()
    {
        byte[] png = ParetoPlot.RenderPng(Sample().Front, 2.5, "test", 640, 400);

        Assert.True(ParetoPlot.IsPng(png));
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((640, 400), (bitmap.Width, bitmap.Height));
        int red = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
                if (bitmap.GetPixel(x, y) is { Red: > 200, Green: < 60, Blue: < 60 }) red++;
        Assert.True(red > 50, $"expected the red chosen-design marker, found {red} red pixels");

        byte[] withoutChoice = ParetoPlot.RenderPng(Sample().Front.Select(p => p with { Chosen = false }).ToList(), null, "test", 640, 400);
        using var plain = SKBitmap.Decode(withoutChoice);
        int plainRed = 0;
        for (int y = 0; y < plain.Height; y++)
            for (int x = 0; x < plain.Width; x++)
                if (plain.GetPixel(x, y) is { Red: > 200, Green: < 60, Blue: < 60 }) plainRed++;
        Assert.Equal(0, plainRed);
    }

    [Fact]
    public void ParetoPlot_FrontLine_SkipsADominatedChosenDesign()
    {
        ParetoPoint[] points =
        [
            new("c", 0.283, 55.3, Chosen: true),
            new("a", 0.026, 0.7, Chosen: false),
            new("b", 0.264, 62.2, Chosen: false),
            new("d", 0.818, 65.6, Chosen: false),
        ];

        var front = ParetoPlot.NonDominated(points);

        Assert.Equal(["a", "b", "d"], front.Select(p => p.Design));
    }
}
