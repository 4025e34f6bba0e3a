using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Latency.CostComponents;

/// <summary>
/// The "loglog-macs-params" baseline of issue 7: log cost = a + b·log(multiply-adds) + c·log(parameters), fitted by
/// least squares on measurements drawn at random (seeded). Kept to report beside the project's methods, as the
/// issue's point of comparison (Spearman about 0.98 and MAPE 13-16 % on public Jetson Nano energy data).
/// </summary>
public sealed class LogLogBaselineTrainer(int seed) : ILatencyPredictorTrainer
{
    public const string MethodName = "loglog-macs-params";

    public string Name => MethodName;

    public ILatencyModel Fit(LatencyTrainingData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Model(data.Space, data.Devices.ToArray(), seed);
    }

    internal sealed class Model(ISearchSpace space, string[] known, int seed) : ILatencyModel
    {
        public string Method => MethodName;

        /// <summary>Seed of the random choice of measurements.</summary>
        public int Seed => seed;

        public ISearchSpace Space => space;

        public IReadOnlyList<string> KnownDevices => known;

        public IReadOnlyList<int> ChooseMeasurements(IReadOnlyList<Architecture> candidates, IReadOnlyList<LatencyObservation> observed, int count)
        {
            var seen = observed.Select(o => o.Architecture).ToHashSet();
            var open = Enumerable.Range(0, candidates.Count).Where(i => !seen.Contains(candidates[i])).ToArray();
            new Random(seed).Shuffle(open);
            return open.Take(Math.Max(0, count)).ToArray();
        }

        public IDeviceLatencyPredictor Adapt(IReadOnlyList<LatencyObservation> observations)
        {
            ArgumentNullException.ThrowIfNull(observations);
            if (observations.Count == 0) throw new ArgumentException("at least one measurement is needed to adapt", nameof(observations));
            var x = observations.Select(o => Features(o.Architecture)).ToArray();
            var y = observations.Select(o => Math.Log(o.Value)).ToArray();
            // Normal equations with a tiny ridge (3 unknowns).
            var g = new double[9];
            var b = new double[3];
            for (var i = 0; i < x.Length; i++)
                for (var j = 0; j < 3; j++)
                {
                    b[j] += x[i][j] * y[i];
                    for (var k = 0; k < 3; k++) g[j * 3 + k] += x[i][j] * x[i][k];
                }
            for (var j = 0; j < 3; j++) g[j * 3 + j] += 1e-6;
            var w = CholeskyFactor.Of(g, 3).Solve(b);
            var residual = x.Select((f, i) => y[i] - Dot(w, f)).ToArray();
            var spread = Math.Sqrt(residual.Sum(r => r * r) / Math.Max(1, x.Length - 3));
            return new Predictor(w, spread, observations.ToArray());
        }

        private static double[] Features(Architecture a)
        {
            var s = GraphFeatures.Of(a);
            return [1, Math.Log(Math.Max(1, s.MultiplyAdds)), Math.Log(Math.Max(1, s.Parameters))];
        }

        private static double Dot(double[] w, double[] f) => w[0] * f[0] + w[1] * f[1] + w[2] * f[2];

        private sealed class Predictor(double[] w, double spread, LatencyObservation[] observations) : IDeviceLatencyPredictor
        {
            public IReadOnlyList<LatencyObservation> Observations => observations;

            public LatencyPrediction[] Predict(IReadOnlyList<Architecture> architectures) =>
                architectures.Select(a => new LatencyPrediction(Dot(w, Features(a)), spread)).ToArray();
        }
    }
}
