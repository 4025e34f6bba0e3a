using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// The proxy-device workflow for a new device (Lu, Yang and Ren, SIGMETRICS 2022):
/// <list type="number">
/// <item>measure K architectures of a random sample fixed before any value is seen (<see cref="RepresentativeSample"/>);</item>
/// <item>estimate every known device's Spearman and Kendall correlation with the new device on the sample, with
/// percentile-bootstrap intervals (widened for choosing the best of m devices, see
/// <see cref="ProxyOptions.AdjustForSelection"/>), and take as proxy the highest estimate (<see cref="ProxySelector"/>);</item>
/// <item>if the proxy's Spearman lower bound clears <see cref="ProxyOptions.Threshold"/>: <b>reuse</b> the proxy
/// through a monotone calibration fitted on all measurements (<see cref="CalibratedProxyPredictor"/>);</item>
/// <item>otherwise ask for a batch of extra measurements (most continue the random sample; a share
/// <see cref="ProxyOptions.DisagreementShare"/> goes where the candidate predictors disagree most: the variance
/// of the best proxies' calibrated predictions and the adapted model's, plus the adapted model's own predictive
/// variance), re-estimate, and repeat until the bound clears the bar (then reuse) or
/// <see cref="ProxyOptions.MaxSamples"/> is reached; then <b>adapt</b>: the proxy's ln-latency scaled plus a
/// ridge-penalized per-operator correction (<see cref="AdaptedProxyPredictor"/>).</item>
/// </list>
/// <see cref="Next"/> is stateless (everything follows from the measurements so far, in order) and deterministic
/// for a seed, so a server can call it after each batch; <see cref="Run"/> drives a <see cref="DeviceMeasurementSession"/>.
/// Thread-safe.
/// </summary>
public sealed class ProxyWorkflow
{
    private readonly MonotonicityEstimator _estimator;
    private readonly object _gate = new();
    private readonly Dictionary<string, RoundEstimate> _estimates = new(StringComparer.Ordinal);
    private CandidatePool? _pool;

    public ProxyWorkflow(KnownDeviceLatencies known, ProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(options);
        Known = known;
        Options = options.Validate();
        _estimator = new MonotonicityEstimator(options.Resamples, options.DecisionConfidence(known.Devices.Count));
    }

    public KnownDeviceLatencies Known { get; }

    public ProxyOptions Options { get; }

    /// <summary>
    /// The next step for a device whose measurable architectures are <paramref name="candidates"/> and whose
    /// measurements so far are <paramref name="observed"/> (in the order taken).
    /// </summary>
    public ProxyStep Next(IReadOnlyList<Architecture> candidates, IReadOnlyList<LatencyObservation> observed, string device = "") =>
        Next(candidates, observed, device, Options.MaxSamples);

    /// <summary>Runs the workflow on a session (its budget caps the measurements too) until it decides.</summary>
    public ProxyResult Run(DeviceMeasurementSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var cap = Math.Min(Options.MaxSamples, session.Budget);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = Next(session.Candidates, session.Observations, session.Device, cap);
            if (step.Result is { } result) return result;
            if (step.Measure.Count == 0) throw new InvalidOperationException("the proxy workflow asked for nothing and decided nothing");
            foreach (var pick in step.Measure) session.Measure(pick);
        }
    }

    internal ProxyStep Next(IReadOnlyList<Architecture> candidates, IReadOnlyList<LatencyObservation> observed, string device, int cap)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(observed);
        if (candidates.Count < 3) throw new ArgumentException($"device '{device}' has {candidates.Count} measurable architectures; the workflow needs at least 3", nameof(candidates));
        var pool = Pool(candidates);
        var measured = new HashSet<int>();
        foreach (var o in observed)
            if (pool.IndexOf.TryGetValue(o.Architecture, out var i)) measured.Add(i);

        var initial = Math.Min(Math.Min(Options.InitialSamples, cap), candidates.Count);
        if (observed.Count < initial)
            return new ProxyStep(NextRepresentative(pool, measured, initial - observed.Count), null);

        var round = Estimate(pool, observed);
        var proxy = round.Ranked[0];
        var remaining = Math.Min(cap - observed.Count, candidates.Count - measured.Count);
        if (proxy.SpearmanLowerBound >= Options.Threshold) return Finish(pool, observed, device, ProxyDecisionKind.Reuse, cap);
        if (remaining <= 0) return Finish(pool, observed, device, ProxyDecisionKind.Adapt, cap);

        var batch = Math.Min(Options.BatchSize, remaining);
        var disagreement = (int)Math.Round(batch * Options.DisagreementShare, MidpointRounding.AwayFromZero);
        var picks = NextRepresentative(pool, measured, batch - disagreement).ToList();
        var excluded = new HashSet<int>(measured);
        excluded.UnionWith(picks);
        picks.AddRange(DisagreementDesign.Select(candidates, ExtraScores(pool, observed, round.Ranked), excluded, batch - picks.Count));
        return new ProxyStep(picks, null);
    }

    private ProxyStep Finish(CandidatePool pool, IReadOnlyList<LatencyObservation> observed, string device, ProxyDecisionKind kind, int cap)
    {
        var history = new List<ProxyRound>();
        RoundEstimate last = null!;
        var initial = Math.Min(Math.Min(Options.InitialSamples, cap), pool.Candidates.Count);
        for (var n = initial; ; n = Math.Min(n + Options.BatchSize, observed.Count))
        {
            last = Estimate(pool, observed.Take(n).ToArray(), kendallInterval: n >= observed.Count);
            var best = last.Ranked[0];
            history.Add(new ProxyRound(n, last.Representative, best.Device, best.Spearman.Estimate, best.Spearman.Lower, best.Spearman.Upper));
            if (n >= observed.Count) break;
        }
        var proxy = last.Ranked[0].Device;
        var proxyIndex = Known.IndexOf(proxy);
        var logProxy = Known.LogLatencies(proxyIndex, observed.Select(o => o.Architecture).ToArray());
        var calibration = ProxyCalibration.Fit(Options.Calibration, logProxy, observed.Select(o => Math.Log(o.Value)).ToArray());
        IDeviceLatencyPredictor predictor;
        ProxyAdaptation? adaptation = null;
        if (kind == ProxyDecisionKind.Reuse)
        {
            predictor = new CalibratedProxyPredictor(Known, proxy, calibration, observed);
        }
        else
        {
            var adapted = AdaptedProxyPredictor.Fit(Known, AdaptationProxies(last.Ranked), observed);
            adaptation = adapted.Parameters;
            predictor = adapted;
        }
        var decision = new ProxyDecision(
            device, proxy, kind, Options.Threshold, _estimator.Confidence, history.Count, observed.Count,
            last.Ranked, history, calibration, adaptation);
        return new ProxyStep([], new ProxyResult(decision, predictor));
    }

    /// <summary>The devices entering the adaptation: the proxy first, then the next best-estimated ones.</summary>
    private string[] AdaptationProxies(IReadOnlyList<MonotonicityEstimate> ranked) =>
        ranked.Take(Options.AdaptationProxies ?? ranked.Count).Select(e => e.Device).ToArray();

    private sealed record RoundEstimate(IReadOnlyList<MonotonicityEstimate> Ranked, int Representative);

    /// <summary>Every known device's estimate on the estimate's points among <paramref name="observed"/>, best proxy first.</summary>
    /// <param name="kendallInterval">Bootstrap Kendall's tau too (only the last round's is recorded with the decision).</param>
    private RoundEstimate Estimate(CandidatePool pool, IReadOnlyList<LatencyObservation> observed, bool kendallInterval = false)
    {
        var byArchitecture = new Dictionary<Architecture, LatencyObservation>();
        foreach (var o in observed) byArchitecture.TryAdd(o.Architecture, o);
        var representative = new List<LatencyObservation>();
        foreach (var i in pool.Sequence)
        {
            if (!byArchitecture.TryGetValue(pool.Candidates[i], out var o)) break;
            representative.Add(o);
        }
        var points = Options.EstimateFrom == ProxyEstimatePoints.All || representative.Count < 3 ? observed : representative;
        // Finishing replays earlier rounds: estimates on the same points are computed once.
        var key = (kendallInterval ? "k|" : "s|") + string.Join(";", points.Select(o => $"{(pool.IndexOf.TryGetValue(o.Architecture, out var i) ? i : -1)}:{o.Value:R}"));
        lock (_gate)
        {
            if (_estimates.TryGetValue(key, out var cached)) return cached;
        }
        var architectures = points.Select(o => o.Architecture).ToArray();
        var newLogs = points.Select(o => Math.Log(o.Value)).ToArray();
        var known = Enumerable.Range(0, Known.Devices.Count)
            .Select(d => (IReadOnlyList<double>)Known.LogLatencies(d, architectures)).ToArray();
        var seed = unchecked(Options.Seed * 7919 + points.Count);
        var estimates = _estimator.EstimateAll(Known.Devices, newLogs, known, seed, kendallInterval);
        var round = new RoundEstimate(ProxySelector.Rank(estimates), representative.Count);
        lock (_gate)
        {
            if (_estimates.Count > 256) _estimates.Clear();
            _estimates[key] = round;
        }
        return round;
    }

    /// <summary>
    /// How much measuring each candidate is worth: the variance, over the candidate predictors (the best proxies
    /// calibrated on all measurements, and the adapted model), of its predicted ln-latency, plus the adapted model's
    /// own predictive variance there.
    /// </summary>
    private double[] ExtraScores(CandidatePool pool, IReadOnlyList<LatencyObservation> observed, IReadOnlyList<MonotonicityEstimate> ranked)
    {
        var architectures = observed.Select(o => o.Architecture).ToArray();
        var logNew = observed.Select(o => Math.Log(o.Value)).ToArray();
        var predictions = new List<double[]>();
        foreach (var estimate in ranked.Take(Options.ComparedProxies))
        {
            var d = Known.IndexOf(estimate.Device);
            var calibration = ProxyCalibration.Fit(ProxyCalibrationKind.Affine, Known.LogLatencies(d, architectures), logNew);
            predictions.Add(pool.Logs(Known, d).Select(calibration.Apply).ToArray());
        }
        var within = new double[pool.Candidates.Count];
        if (observed.Count >= 5)
        {
            var adapted = AdaptedProxyPredictor.Fit(Known, AdaptationProxies(ranked), observed).Predict(pool.Candidates);
            predictions.Add(adapted.Select(p => p.LogMean).ToArray());
            for (var i = 0; i < within.Length; i++) within[i] = adapted[i].LogStdDev * adapted[i].LogStdDev;
        }
        var between = DisagreementDesign.Spread(predictions, pool.Candidates.Count);
        for (var i = 0; i < between.Length; i++) between[i] += within[i];
        return between;
    }

    private static int[] NextRepresentative(CandidatePool pool, HashSet<int> measured, int count)
    {
        var picks = new List<int>(count);
        foreach (var i in pool.Sequence)
        {
            if (picks.Count >= count) break;
            if (!measured.Contains(i)) picks.Add(i);
        }
        // The sequence ran out (a small device): take the remaining candidates in order.
        for (var i = 0; i < pool.Candidates.Count && picks.Count < count; i++)
            if (!measured.Contains(i) && !picks.Contains(i)) picks.Add(i);
        return picks.ToArray();
    }

    private CandidatePool Pool(IReadOnlyList<Architecture> candidates)
    {
        lock (_gate)
        {
            if (_pool is null || !ReferenceEquals(_pool.Candidates, candidates))
            {
                _estimates.Clear();
                _pool = new CandidatePool(candidates, RepresentativeSample.Sequence(Known, candidates, 2 * Options.MaxSamples + Options.InitialSamples, Options.Seed));
            }
            return _pool;
        }
    }

    /// <summary>One device's candidates: their index, the representative sequence and (lazily) the known devices' log-latencies.</summary>
    private sealed class CandidatePool
    {
        private readonly double[]?[] _logs;

        public CandidatePool(IReadOnlyList<Architecture> candidates, int[] sequence)
        {
            Candidates = candidates;
            Sequence = sequence;
            IndexOf = new Dictionary<Architecture, int>(candidates.Count);
            for (var i = 0; i < candidates.Count; i++) IndexOf.TryAdd(candidates[i], i);
            _logs = new double[]?[64];
        }

        public IReadOnlyList<Architecture> Candidates { get; }

        public int[] Sequence { get; }

        public Dictionary<Architecture, int> IndexOf { get; }

        public double[] Logs(KnownDeviceLatencies known, int device)
        {
            lock (_logs)
            {
                if (device >= _logs.Length) return known.LogLatencies(device, Candidates);
                return _logs[device] ??= known.LogLatencies(device, Candidates);
            }
        }
    }
}
