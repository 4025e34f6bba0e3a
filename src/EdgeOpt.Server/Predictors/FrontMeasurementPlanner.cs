using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Learning.Optimization.Measurement;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Jobs;
using EdgeOpt.Server.Storage;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// Queues a device's front measurements in a space (<see cref="ServerOptions.FrontMeasurements"/>), one at a time: each
/// time the device's predictor there has been built (after its signature set, and again after each front measurement),
/// the next one is chosen by <see cref="FrontierMeasurements"/> (fallback placement, slowest quantile first) from the
/// space's latency model, the device's measurements so far and the space's default accuracy source, and queued as an
/// <see cref="JobPurpose.Adaptation"/> job. Nothing is queued while one is waiting or running, or once the count is
/// reached (a failed job uses up its slot). Called by the <see cref="DeviceModelingWorker"/> only, one device at a time.
/// </summary>
public sealed class FrontMeasurementPlanner(
    IFleetStore store,
    PredictorCatalog catalog,
    MeasurementEpochs measurements,
    IAccuracyModels accuracyModels,
    IJobScheduler scheduler,
    IOptions<ServerOptions> options,
    ILogger<FrontMeasurementPlanner> logger)
{
    /// <summary>Queues the device's next front measurement in the space; null when none is due.</summary>
    /// <exception cref="FleetException">The device is unknown or retired.</exception>
    public JobRecord? QueueNext(string deviceId, string space, CancellationToken ct)
    {
        int count = options.Value.FrontMeasurements;
        if (count == 0 || !SearchSpaces.TryGet(space, out var searchSpace)) return null;
        var front = store.Jobs.List(deviceId, null).Where(j => j.Purpose == JobPurpose.Adaptation && j.Design.Space == searchSpace.Id).ToList();
        if (front.Any(j => j.State is JobState.Queued or JobState.Leased)) return null;
        int taken = front.Count(j => j.State is JobState.Done or JobState.Failed);
        if (taken >= count || catalog.Latest(searchSpace.Id) is not { } latest) return null;
        var observations = measurements.Observations(deviceId, searchSpace).Fp32;
        if (observations.Count == 0) return null;
        ct.ThrowIfCancellationRequested();

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var accuracy = accuracyModels.DefaultDataset(searchSpace.Id) is { } dataset && accuracyModels.For(searchSpace.Id, dataset) is { } source
            ? source
            : new CapacityAccuracyProxy(searchSpace);
        var planner = new FrontierMeasurements(
            latest.Model, accuracy, signatureCount: 1, placement: FrontPlacement.Fallbacks, frontCount: count);
        var candidates = SpaceCandidates.Of(searchSpace);
        var picks = planner.ChooseFront(candidates, observations, taken);
        if (picks.Count == 0) return null;
        var design = DesignRules.Normalize(searchSpace.Id, searchSpace.Format(candidates[picks[0]]), [], $"front measurement of {searchSpace.Id}");
        var job = scheduler.Enqueue(deviceId, [new JobSpec(design, JobPurpose.Adaptation)])[0];
        logger.LogInformation(
            "Front measurement {Index} of {Count} for device {DeviceId} in {Space}: {Arch} chosen in {Ms:F0} ms on {Observations} measurements (accuracy: {Accuracy})",
            taken + 1, count, deviceId, searchSpace.Id, design.Arch,
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, observations.Count, accuracy.Name);
        return job;
    }
}
