using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Proxy;
using EdgeOpt.Server.Domain;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// Builds a device's predictor from its measurements: the proxy path (Lu et al.'s workflow, decided on the measurements
/// the device has) when the fleet has devices with enough measurements in the space to act as proxies and the device
/// has at most <see cref="MaximumProxyObservations"/>, otherwise the space's cross-device model adapted to the measurements.
/// The proxy path (<see cref="TryProxy"/>) takes the target as a parameter: energy predictors
/// (<see cref="DeviceEnergyPredictors"/>) go through it with the fleet's energy measurements. Synchronous and CPU-bound; thread-safe.
/// </summary>
public sealed class DeviceModeler(ProxyDevices proxies, IOptions<ServerOptions> options)
{
    /// <summary>Fewest device measurements the proxy path needs (a rank correlation over fewer says nothing).</summary>
    public const int MinimumProxyObservations = 3;

    /// <summary>
    /// Most device measurements the proxy path decides on (the workflow's own cap on measurements per new device).
    /// A device measured more than this is better served by the cross-device model adapted to all of them, and
    /// bootstrapping rank correlations over hundreds of points would cost seconds per build.
    /// </summary>
    public static int MaximumProxyObservations { get; } = new ProxyOptions().MaxSamples;

    public DeviceModeling Model(
        LoadedPredictor latest, ISearchSpace space, string deviceId, IReadOnlyList<LatencyObservation> observations, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0)
            throw FleetException.Precondition($"device {Describe(deviceId)} has no {space.Id} measurements yet");
        ct.ThrowIfCancellationRequested();

        if (TryProxy(space, deviceId, observations, CostTarget.Latency) is { } result)
        {
            string decision = DeviceDecisions.ForProxy(result.Decision.Decision);
            var predictor = new DevicePredictor(
                result.Predictor, latest.Model, latest.Record.PredictorId, latest.Record.Version, observations, decision);
            return new DeviceModeling(predictor, result.Decision);
        }

        var adapted = latest.Model.Adapt(AdaptationSet(observations, options.Value.MaxAdaptObservations, options.Value.SignatureSetSize));
        return new DeviceModeling(
            new DevicePredictor(adapted, latest.Model, latest.Record.PredictorId, latest.Record.Version, observations, DeviceDecisions.CrossDevice),
            null);
    }

    /// <summary>
    /// The proxy path for one target (latency in ms or energy in mJ: the same workflow on the fleet's figures of that
    /// target): when the device has between <see cref="MinimumProxyObservations"/> and
    /// <see cref="MaximumProxyObservations"/> observations and the fleet has proxies for the target in the space, the
    /// workflow decides on the observations there are and answers its decision (with evidence) and predictor; else null.
    /// </summary>
    public ProxyResult? TryProxy(ISearchSpace space, string deviceId, IReadOnlyList<LatencyObservation> observations, CostTarget target)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count < MinimumProxyObservations || observations.Count > MaximumProxyObservations) return null;
        var known = proxies.For(space, deviceId, target);
        if (known is null) return null;
        int initial = Math.Max(Math.Min(observations.Count, new ProxyOptions().InitialSamples), MinimumProxyObservations);
        var workflow = new ProxyWorkflow(known, new ProxyOptions
        {
            InitialSamples = initial,
            // Decide on the measurements there are: the server does not queue extra ones for the workflow, so
            // the evidence holds two rounds (the first K, then all) rather than one per batch of 5.
            MaxSamples = observations.Count,
            BatchSize = Math.Max(1, observations.Count - initial),
            EstimateFrom = ProxyEstimatePoints.All,
            Seed = options.Value.PredictorSeed,
        });
        return workflow.Next(SpaceCandidates.Of(space), observations, deviceId).Result;
    }

    /// <summary>
    /// At most <paramref name="max"/> observations: all when there are few enough, else the first
    /// <paramref name="signature"/> (the signature set, measured first) and the most recent ones, in arrival order.
    /// </summary>
    internal static IReadOnlyList<LatencyObservation> AdaptationSet(IReadOnlyList<LatencyObservation> observations, int max, int signature)
    {
        if (observations.Count <= max) return observations;
        int head = Math.Min(signature, max);
        return observations.Take(head).Concat(observations.Skip(observations.Count - (max - head))).ToArray();
    }

    private static string Describe(string deviceId) => deviceId.Length == 0 ? "(described by features)" : deviceId;
}
