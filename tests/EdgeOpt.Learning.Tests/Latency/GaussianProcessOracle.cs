using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.NeuralLinear;
using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Tests.Latency;

/// <summary>
/// The Gaussian-process prediction written out per architecture from the kernel's definition
/// (<see cref="DeepKernel.Between"/>, <see cref="DeepKernel.Self"/>): the covariance of the measured points is built
/// and factorized anew, the cross-covariance is a plain loop. The production batch path must agree with it.
/// </summary>
internal static class GaussianProcessOracle
{
    /// <summary>Mean and variance of a new log measurement at <paramref name="point"/> under one posterior.</summary>
    public static (double Mean, double Variance) Predict(GaussianPosterior posterior, IReadOnlyList<double> logs, KernelPoint point)
    {
        var observed = posterior.Observed;
        var h = posterior.Hyperparameters;
        var points = observed.Points;
        var k = points.Length;
        var covariance = new double[k * k];
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
                covariance[i * k + j] = i == j
                    ? DeepKernel.Self(points[i], h) + h.Noise + observed.RoundingNoise[i]
                    : DeepKernel.Between(points[i], points[j], h);
        var factor = CholeskyFactor.Of(covariance, k);
        var weights = new double[k];
        for (var i = 0; i < k; i++) weights[i] = logs[i] - points[i].PriorMean;
        factor.SolveLowerInPlace(weights);
        factor.SolveUpperInPlace(weights);

        var cross = new double[k];
        var mean = point.PriorMean;
        for (var i = 0; i < k; i++)
        {
            cross[i] = DeepKernel.Between(point, points[i], h);
            mean += cross[i] * weights[i];
        }
        factor.SolveLowerInPlace(cross);
        var explained = cross.Sum(v => v * v);
        var variance = Math.Max(DeepKernel.Self(point, h) - explained, 0) + h.Noise
                       + MeasurementResolution.LogVariance(observed.Resolution, Math.Exp(mean));
        return (mean, variance);
    }

    /// <summary>The mixture's mean and variance: components weighted, variance by the law of total variance.</summary>
    public static (double Mean, double Variance) Predict(PosteriorMixture mixture, IReadOnlyList<double> logs, KernelPoint point)
    {
        double mean = 0, second = 0;
        foreach (var (weight, posterior) in mixture.Components)
        {
            var (m, v) = Predict(posterior, logs, point);
            mean += weight * m;
            second += weight * (v + m * m);
        }
        return (mean, Math.Max(second - mean * mean, 0));
    }

    /// <summary>
    /// What <see cref="EvidenceWeightedModels"/> predicts for each architecture after these observations: every
    /// model's mixture, weighted by <see cref="EvidenceWeightedModels.Weigh"/>.
    /// </summary>
    public static LatencyPrediction[] Predict(
        EvidenceWeightedModels models, IReadOnlyList<LatencyObservation> observations, IReadOnlyList<EdgeOpt.Core.Spaces.Architecture> architectures)
    {
        var logs = observations.Select(o => Math.Log(o.Value)).ToArray();
        var components = models.Weigh(observations)
            .Select(w => (w.Weight, Model: models.Models[w.Index], Mixture: models.Models[w.Index].FitPosterior(observations)))
            .ToArray();
        return architectures.Select(a =>
        {
            double mean = 0, second = 0;
            foreach (var (weight, model, mixture) in components)
            {
                var (m, v) = Predict(mixture, logs, model.Point(a));
                mean += weight * m;
                second += weight * (v + m * m);
            }
            return new LatencyPrediction(mean, Math.Sqrt(Math.Max(second - mean * mean, 0)));
        }).ToArray();
    }

    /// <summary>Asserts that two prediction lists agree within a relative tolerance (absolute near zero).</summary>
    public static void AssertClose(IReadOnlyList<LatencyPrediction> expected, IReadOnlyList<LatencyPrediction> actual, double relative)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Check(expected[i].LogMean, actual[i].LogMean, i, "log mean");
            Check(expected[i].LogStdDev, actual[i].LogStdDev, i, "log std dev");
        }

        void Check(double e, double a, int index, string what) =>
            Assert.True(Math.Abs(e - a) <= relative * Math.Max(Math.Abs(e), 1e-3),
                $"architecture {index}: {what} {a:R}, expected {e:R} (relative tolerance {relative})");
    }
}
