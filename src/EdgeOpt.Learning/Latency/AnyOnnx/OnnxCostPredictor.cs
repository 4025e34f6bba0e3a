using EdgeOpt.Core.Onnx;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency.CostComponents;

namespace EdgeOpt.Learning.Latency.AnyOnnx;

/// <summary>
/// Predicts the cost (latency in ms or energy in mJ) of any ONNX model on one device from that device's own
/// measurements of other models: each measured model is featurized (<see cref="OnnxGraphFeaturizer"/>, then
/// <see cref="CostComponentVector.FromOnnx"/>: multiply-adds by operator kind, operator count, activation, weight
/// and im2col traffic) and an <see cref="AdditiveCostRegression"/> is fitted. A measured design of a search space is
/// featurized from the ONNX model <see cref="OnnxModelGenerator"/> writes for it, the very model the agent ran.
/// <para>Unsupported operators: by default an <see cref="OnnxFeaturizationException"/> names every operator type and
/// node the featurizer has no rule for. With <c>allowFallback</c> such operators are costed as elementwise
/// operations over their output (<see cref="UnsupportedOperatorPolicy.ElementwiseFallback"/>), and the prediction's
/// warnings list each of them.</para>
/// <para>A model whose components lie outside the measured range (a component more than 10 % beyond the largest or
/// below the smallest value measured, on the log scale) is flagged <see cref="OnnxCostPrediction.Extrapolated"/> and
/// its interval is widened by the distance outside the range.</para>
/// Immutable; thread-safe.
/// </summary>
public sealed class OnnxCostPredictor
{
    private readonly AdditiveCostRegression _regression;
    private readonly double[] _logMin;
    private readonly double[] _logMax;

    private OnnxCostPredictor(AdditiveCostRegression regression, IReadOnlyList<OnnxCostSample> samples)
    {
        _regression = regression;
        Samples = samples;
        var p = CostComponentVector.Length;
        _logMin = new double[p];
        _logMax = new double[p];
        for (var j = 0; j < p; j++)
        {
            _logMin[j] = samples.Min(s => Math.Log(1 + s.Components[j]));
            _logMax[j] = samples.Max(s => Math.Log(1 + s.Components[j]));
        }
    }

    /// <summary>The measurements the predictor was fitted on.</summary>
    public IReadOnlyList<OnnxCostSample> Samples { get; }

    /// <summary>Fewest measured models a predictor is fitted on.</summary>
    public const int MinimumSamples = 5;

    /// <summary>Fits a predictor to measured models given by their components.</summary>
    public static OnnxCostPredictor Fit(IReadOnlyList<OnnxCostSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < MinimumSamples)
            throw new ArgumentException(
                $"an ONNX cost predictor needs at least {MinimumSamples} measured models on the device; got {samples.Count}", nameof(samples));
        foreach (var s in samples)
            if (s.Components.Length != CostComponentVector.Length)
                throw new ArgumentException(
                    $"sample '{s.Name}' has {s.Components.Length} components; expected {CostComponentVector.Length} ({string.Join(", ", CostComponentVector.Names)})",
                    nameof(samples));
        return new OnnxCostPredictor(
            AdditiveCostRegression.Fit(samples.Select(s => s.Components).ToArray(), samples.Select(s => s.Value).ToArray()),
            samples.ToArray());
    }

    /// <summary>
    /// Fits a predictor to a device's measured designs: the ONNX model of each design is generated with
    /// <paramref name="generation"/> (default: <see cref="OnnxGenerationOptions.Default"/>) and featurized.
    /// </summary>
    public static OnnxCostPredictor FromDesigns(
        IReadOnlyList<(Core.Spaces.Design Design, double Value)> measured, OnnxGenerationOptions? generation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var samples = new OnnxCostSample[measured.Count];
        Parallel.For(0, measured.Count, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, i =>
        {
            var (design, value) = measured[i];
            var analysis = OnnxGraphFeaturizer.Featurize(OnnxModelGenerator.GenerateModel(design, generation));
            samples[i] = new OnnxCostSample(
                SearchSpaces.Get(design.SpaceId).Format(design.Architecture) + " " + design.Policy,
                CostComponentVector.FromOnnx(analysis), value);
        });
        return Fit(samples);
    }

    /// <summary>Predicts the cost of an ONNX model given as bytes.</summary>
    /// <exception cref="OnnxFeaturizationException">The bytes are not a model this featurizer can read, or (without
    /// <paramref name="allowFallback"/>) the model uses operators it has no rule for; the message names them.</exception>
    public OnnxCostPrediction Predict(byte[] model, bool allowFallback = false, IReadOnlyDictionary<string, IReadOnlyList<long>>? inputShapes = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var options = new OnnxFeaturizerOptions(
            allowFallback ? UnsupportedOperatorPolicy.ElementwiseFallback : UnsupportedOperatorPolicy.Error, inputShapes);
        return Predict(OnnxGraphFeaturizer.Featurize(model, options));
    }

    /// <summary>Predicts the cost of an already featurized ONNX model.</summary>
    public OnnxCostPrediction Predict(OnnxGraphAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var components = CostComponentVector.FromOnnx(analysis);
        var prediction = _regression.Predict(components);
        var outside = 0.0;
        for (var j = 0; j < components.Length; j++)
        {
            var log = Math.Log(1 + components[j]);
            var span = Math.Max(_logMax[j] - _logMin[j], 1e-9);
            var below = _logMin[j] - 0.1 * span - log;
            var above = log - _logMax[j] - 0.1 * span;
            outside = Math.Max(outside, Math.Max(below, above));
        }
        if (outside > 0)
            prediction = prediction with { LogStdDev = Math.Sqrt(prediction.LogStdDev * prediction.LogStdDev + outside * outside) };
        return new OnnxCostPrediction(prediction, analysis.Summary.MultiplyAdds, outside > 0, analysis.Warnings);
    }
}
