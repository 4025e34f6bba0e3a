using System.Globalization;
using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency.AnyOnnx;
using EdgeOpt.Runtime.Benchmarking;

namespace EdgeOpt.Cli.Tests.Reports;

/// <summary>
/// A report, not a specification (opt-in: EDGEOPT_REPORTS=1, minutes): is the any-ONNX prediction of a CNN exported by
/// another tool within a sane factor of what it measures on this machine? It measures generated convnet and nb201
/// designs with ONNX Runtime here (CPU, one thread), fits <see cref="OnnxCostPredictor"/> on them as the server does for a
/// device, predicts the packaged CNTK ResNet18 and the ML.NET preprocessing graph, measures both the same way and prints
/// predicted vs measured. The only check is a loose factor of 4: a tight bound would be a timing assertion.
/// </summary>
public sealed class ResNet18OnThisMachineReport(ITestOutputHelper output)
{
    [ReportFact]
    public void PackagedResNet18_PredictedFromThisMachinesMeasurements_IsWithinASaneFactorOfItsMeasuredLatency()
    {
        var options = new BenchmarkOptions { IntraOpThreads = 1, MaxSeconds = 3, WarmupRuns = 3, MinRuns = 5 };
        var runner = new BenchmarkRunner();
        var fp32 = QuantizationPolicy.Uniform(1, Precision.Fp32);
        var convnets = ArchitectureSampling.Distinct(SearchSpaces.Convnet, 200, seed: 7)
            .Where(a => GraphFeatures.Of(a).MultiplyAdds is > 50_000_000 and < 4_000_000_000).Take(24)
            .Select(a => new Design(a, fp32));
        var cells = ArchitectureSampling.Distinct(SearchSpaces.Nb201, 8, seed: 7)
            .Select(a => new Design(a, QuantizationPolicy.Uniform(SearchSpaces.Nb201.PrecisionSlots, Precision.Fp32)));
        output.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

        var measured = new List<(Design, double)>();
        foreach (var design in convnets.Concat(cells))
        {
            var ms = runner.Run(OnnxModelGenerator.Generate(design), options, "fp32").MedianMs;
            measured.Add((design, ms));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"measured {SearchSpaces.Get(design.SpaceId).Format(design.Architecture)}: {GraphFeatures.Of(design.Architecture).MultiplyAdds / 1e6:F0} MMACs, {ms:F2} ms"));
        }
        var predictor = OnnxCostPredictor.FromDesigns(measured, null, CancellationToken.None);

        foreach (var path in new[] { PackagedModels.ResNet18, PackagedModels.ResNetPreprocess })
        {
            var bytes = File.ReadAllBytes(path);
            var predicted = predictor.Predict(bytes);
            var (lower, upper) = predicted.Interval(0.9);
            var actual = runner.Run(bytes, options, "fp32").MedianMs;
            var ratio = predicted.Value / actual;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)}: {predicted.MultiplyAdds / 1e6:F0} MMACs, predicted {predicted.Value:F2} ms (90 %: {lower:F2} - {upper:F2}, extrapolated {predicted.Extrapolated}), measured {actual:F2} ms, ratio {ratio:F2}"));
            if (path == PackagedModels.ResNet18) Assert.InRange(ratio, 0.25, 4);
        }
        output.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }
}
