using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// The adapt predictor (Lu et al.): ln(new) = a + b × ln(proxy) + per-option corrections, the corrections
/// ridge-penalized, the penalty chosen by the evidence of the new device's measurements, and the fit made robust
/// with Huber weights (<see cref="OperatorRidge.FitRobust"/>). Optionally further known devices enter as penalized
/// terms (their standardized ln-latency), for devices that no single proxy ranks well. Spread: the ridge's
/// predictive standard deviation. Thread-safe.
/// </summary>
public sealed class AdaptedProxyPredictor : IDeviceLatencyPredictor
{
    private readonly KnownDeviceLatencies _known;
    private readonly int[] _proxies;
    private readonly ArchitectureFeaturizer _featurizer;
    private readonly OperatorRidge _ridge;

    private AdaptedProxyPredictor(
        KnownDeviceLatencies known, int[] proxies, ArchitectureFeaturizer featurizer, OperatorRidge ridge,
        IReadOnlyList<LatencyObservation> observations, ProxyAdaptation parameters)
    {
        _known = known;
        _proxies = proxies;
        _featurizer = featurizer;
        _ridge = ridge;
        Observations = observations;
        Parameters = parameters;
    }

    public IReadOnlyList<LatencyObservation> Observations { get; }

    /// <summary>The fitted parameters, as stored with the decision.</summary>
    public ProxyAdaptation Parameters { get; }

    /// <summary>Leave-one-out residuals of ln(latency), in the order of <see cref="Observations"/>.</summary>
    public IReadOnlyList<double> LooResiduals => _ridge.LooResiduals;

    /// <summary>Fits the adaptation to the new device's measurements (at least 3) with one proxy.</summary>
    public static AdaptedProxyPredictor Fit(KnownDeviceLatencies known, string proxy, IReadOnlyList<LatencyObservation> observations) =>
        Fit(known, [proxy], observations);

    /// <summary>
    /// Fits the adaptation with <paramref name="proxies"/>[0] as the proxy (free scale) and the others as penalized
    /// further terms.
    /// </summary>
    public static AdaptedProxyPredictor Fit(KnownDeviceLatencies known, IReadOnlyList<string> proxies, IReadOnlyList<LatencyObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(proxies);
        ArgumentNullException.ThrowIfNull(observations);
        if (proxies.Count == 0) throw new ArgumentException("at least one proxy", nameof(proxies));
        if (observations.Count < 3) throw new ArgumentException($"adapting needs at least 3 measurements; {observations.Count} given", nameof(observations));
        var indices = proxies.Select(known.IndexOf).Distinct().ToArray();
        var featurizer = new ArchitectureFeaturizer(known.Space);
        var architectures = observations.Select(o => o.Architecture).ToArray();
        var columns = Columns(known, indices, architectures);
        var targets = observations.Select(o => Math.Log(o.Value)).ToArray();
        var active = architectures.Select(featurizer.ActiveIndices).ToArray();
        var ridge = OperatorRidge.FitRobust(columns.Dense, columns.Penalized, active, featurizer.OneHotLength, targets);
        var looSpearman = LooSpearman(ridge, targets);

        // The correction must earn its place: if its leave-one-out predictions rank the measurements no better than
        // the proxy alone does, keep the scaled proxy (the limit of an infinite penalty).
        var proxySpearman = Correlation.Spearman(columns.Dense.Select(d => d[1]).ToArray(), targets);
        var corrected = !(looSpearman <= proxySpearman);
        if (!corrected)
        {
            var plain = OperatorRidge.FitRobust(
                columns.Dense, columns.Dense.Select(_ => Array.Empty<double>()).ToArray(), architectures.Select(_ => Array.Empty<int>()).ToArray(), 0, targets);
            ridge = plain.Padded(indices.Length - 1, featurizer.OneHotLength);
            looSpearman = LooSpearman(ridge, targets);
        }
        var corrections = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var k = 0; k < featurizer.OneHotLength; k++)
            if (ridge.Beta[k] != 0) corrections[featurizer.FeatureNames[k]] = ridge.Beta[k];
        var further = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var c = 1; c < indices.Length; c++) further[known.Devices[indices[c]]] = ridge.Gamma[c - 1];
        var parameters = new ProxyAdaptation(
            ridge.Theta[0], ridge.Theta[1], corrected ? ridge.Lambda : double.PositiveInfinity, Math.Sqrt(ridge.ResidualVariance),
            looSpearman, proxySpearman, corrected, targets.Length, corrections, further);
        return new AdaptedProxyPredictor(known, indices, featurizer, ridge, observations.ToArray(), parameters);
    }

    private static double LooSpearman(OperatorRidge ridge, double[] targets) =>
        Correlation.Spearman(targets.Select((t, i) => t - ridge.LooResiduals[i]).ToArray(), targets);

    public LatencyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var columns = Columns(_known, _proxies, architectures);
        var result = new LatencyPrediction[architectures.Count];
        Parallel.For(0, result.Length, i =>
        {
            var active = _featurizer.ActiveIndices(architectures[i]);
            var (dense, penalized) = (columns.Dense[i], columns.Penalized[i]);
            result[i] = new LatencyPrediction(_ridge.Predict(dense, penalized, active), Math.Sqrt(_ridge.PredictiveVariance(dense, penalized, active)));
        });
        return result;
    }

    /// <summary>[1, ln proxy] per architecture, and the further proxies' standardized ln-latencies.</summary>
    private static (double[][] Dense, double[][] Penalized) Columns(KnownDeviceLatencies known, int[] proxies, IReadOnlyList<Architecture> architectures)
    {
        var logs = proxies.Select(d => known.LogLatencies(d, architectures)).ToArray();
        var dense = new double[architectures.Count][];
        var penalized = new double[architectures.Count][];
        for (var i = 0; i < dense.Length; i++)
        {
            dense[i] = [1.0, logs[0][i]];
            penalized[i] = new double[proxies.Length - 1];
            for (var c = 1; c < proxies.Length; c++)
            {
                var sd = known.LogStdDev(proxies[c]);
                penalized[i][c - 1] = sd > 0 ? (logs[c][i] - known.LogMean(proxies[c])) / sd : 0;
            }
        }
        return (dense, penalized);
    }
}
