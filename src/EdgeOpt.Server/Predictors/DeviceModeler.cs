using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Proxy;
using EdgeOpt.Server.Domain;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// Builds a device's predictor from its measurements: the proxy path (Lu et al.'s workflow, decided on the measurements
/// the device has) when the fleet has devices with enough measurements in the space to act as proxies, otherwise the
/// space's cross-device model adapted to the measurements. Synchronous and CPU-bound; thread-safe.
/// </summary>
public sealed class DeviceModeler(ProxyDevices proxies, IOptions<ServerOptions> options)
{
    /// <summary>Fewest device measurements the proxy path needs (a rank correlation over fewer says nothing).</summary>
    public const int MinimumProxyObservations = 3;

    public DeviceModeling Model(
        LoadedPredictor latest, ISearchSpace space, string deviceId, IReadOnlyList<LatencyObservation> observations, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0)
            throw FleetException.Precondition($"device {Describe(deviceId)} has no {space.Id} measurements yet");
        ct.ThrowIfCancellationRequested();

        var known = observations.Count >= MinimumProxyObservations ? proxies.For(space, deviceId) : null;
        if (known is not null)
        {
            int initial = Math.Min(observations.Count, new ProxyOptions().InitialSamples);
            var workflow = new ProxyWorkflow(known, new ProxyOptions
            {
                InitialSamples = Math.Max(initial, MinimumProxyObservations),
                // Decide on the measurements there are: the server does not queue extra ones for the workflow.
                MaxSamples = observations.Count,
                EstimateFrom = ProxyEstimatePoints.All,
                Seed = options.Value.PredictorSeed,
            });
            var step = workflow.Next(SpaceCandidates.Of(space), observations, deviceId);
            if (step.Result is { } result)
            {
                string decision = result.Decision.Decision == ProxyDecisionKind.Reuse ? DeviceDecisions.ProxyReuse : DeviceDecisions.ProxyAdapt;
                var predictor = new DevicePredictor(
                    result.Predictor, latest.Model, latest.Record.PredictorId, latest.Record.Version, observations, decision);
                return new DeviceModeling(predictor, result.Decision);
            }
        }

        var adapted = latest.Model.Adapt(observations);
        return new DeviceModeling(
            new DevicePredictor(adapted, latest.Model, latest.Record.PredictorId, latest.Record.Version, observations, DeviceDecisions.CrossDevice),
            null);
    }

    private static string Describe(string deviceId) => deviceId.Length == 0 ? "(described by features)" : deviceId;
}
