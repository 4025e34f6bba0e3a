using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Storage;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// Builds device predictors without anyone asking: for each queued (device, space) it builds the latency predictor
/// (<see cref="DevicePredictors.ModelDeviceAsync"/>) and, when the device's measurements there carry energy, the energy
/// predictor (<see cref="DeviceEnergyPredictors"/>: proxy path or device-alone), records how the device is modeled for
/// each target (decision, proxy, evidence) and logs it; then queues the device's next front measurement there, if one
/// is due (<see cref="FrontMeasurementPlanner"/>). At start it queues the featured spaces of devices that have no
/// record yet, and after a new predictor version those of its space.
/// </summary>
public sealed class DeviceModelingWorker(
    DeviceModelingQueue queue,
    DevicePredictors predictors,
    DeviceEnergyPredictors energyPredictors,
    MeasurementEpochs measurements,
    PredictorCatalog catalog,
    FrontMeasurementPlanner front,
    IFleetStore store,
    TimeProvider time,
    ILogger<DeviceModelingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        catalog.VersionAdded += OnVersionAdded;
        try
        {
            foreach (var device in store.Devices.List(includeRetired: false))
                foreach (string space in device.FeaturedSpaces)
                    if (store.Predictors.FindDeviceModel(device.Id, space) is null) queue.Enqueue(device.Id, space, "start");

            await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                await ModelAsync(request, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            catalog.VersionAdded -= OnVersionAdded;
        }
    }

    private void OnVersionAdded(PredictorVersionRecord version)
    {
        foreach (var device in store.Devices.List(includeRetired: false))
            if (device.FeaturedSpaces.Contains(version.Space)) queue.Enqueue(device.Id, version.Space, $"new predictor {version.Id}");
    }

    private async Task ModelAsync(DeviceModelingRequest request, CancellationToken ct)
    {
        bool modeled = await ModelLatencyAsync(request, ct).ConfigureAwait(false);
        await ModelEnergyAsync(request, ct).ConfigureAwait(false);
        if (modeled) QueueFrontMeasurement(request, ct);
    }

    private void QueueFrontMeasurement(DeviceModelingRequest request, CancellationToken ct)
    {
        try
        {
            front.QueueNext(request.DeviceId, request.Space, ct);
        }
        catch (FleetException e)
        {
            logger.LogInformation("No front measurement queued for device {DeviceId} in {Space}: {Reason}", request.DeviceId, request.Space, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Choosing the next front measurement of device {DeviceId} in {Space} failed", request.DeviceId, request.Space);
        }
    }

    private async Task ModelEnergyAsync(DeviceModelingRequest request, CancellationToken ct)
    {
        try
        {
            if (!EdgeOpt.Core.Spaces.SearchSpaces.TryGet(request.Space, out var space)) return;
            if (measurements.Observations(request.DeviceId, space).EnergyFp32.Count == 0) return; // no meter, no energy model
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var energy = await energyPredictors.ForDeviceAsync(request.DeviceId, space, "energy", ct).ConfigureAwait(false);
            var record = new DeviceModelRecord
            {
                Id = DeviceModelRecord.IdOf(request.DeviceId, request.Space, CostTargets.Energy),
                DeviceId = request.DeviceId,
                Space = request.Space,
                Target = CostTargets.Energy,
                Decision = energy.Decision,
                Proxy = energy.Proxy,
                EvidenceJson = energy.EvidenceJson,
                Observations = energy.Observations.Count,
                DecidedUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            store.Predictors.Upsert(record);
            logger.LogInformation(
                "Device {DeviceId} modeled in {Space} for energy: {Decision}{ProxyNote} on {Observations} energy measurements in {Ms:F0} ms ({Reason})",
                record.DeviceId, record.Space, record.Decision, record.Proxy.Length > 0 ? $" (proxy {record.Proxy})" : "", record.Observations,
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, request.Reason);
        }
        catch (FleetException e)
        {
            logger.LogInformation("Device {DeviceId} not modeled in {Space} for energy yet: {Reason}", request.DeviceId, request.Space, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Modeling device {DeviceId} in {Space} for energy failed", request.DeviceId, request.Space);
        }
    }

    /// <summary>Builds and records the latency predictor; false when the device could not be modeled.</summary>
    private async Task<bool> ModelLatencyAsync(DeviceModelingRequest request, CancellationToken ct)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var modeling = await predictors.ModelDeviceAsync(request.DeviceId, request.Space, ct).ConfigureAwait(false);
            var p = modeling.Predictor;
            var record = new DeviceModelRecord
            {
                Id = DeviceModelRecord.IdOf(request.DeviceId, request.Space),
                DeviceId = request.DeviceId,
                Space = request.Space,
                PredictorId = p.PredictorId,
                PredictorVersion = p.Version,
                Decision = p.Decision,
                Proxy = modeling.Proxy,
                EvidenceJson = modeling.EvidenceJson,
                Observations = p.Observations.Count,
                DecidedUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            store.Atomically(() =>
            {
                store.Predictors.Upsert(record);
                if (store.Devices.Find(request.DeviceId) is { State: DeviceState.Enrolled } device)
                    store.Devices.Update(device with { State = DeviceState.Ready });
            });
            logger.LogInformation(
                "Device {DeviceId} modeled in {Space}: {Decision}{ProxyNote} with predictor {PredictorId} v{PredictorVersion} on {Observations} measurements in {Ms:F0} ms ({Reason})",
                record.DeviceId, record.Space, record.Decision, record.Proxy.Length > 0 ? $" (proxy {record.Proxy})" : "",
                record.PredictorId, record.PredictorVersion, record.Observations,
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, request.Reason);
            return true;
        }
        catch (FleetException e)
        {
            logger.LogInformation("Device {DeviceId} not modeled in {Space} yet: {Reason}", request.DeviceId, request.Space, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Modeling device {DeviceId} in {Space} failed", request.DeviceId, request.Space);
        }
        return false;
    }
}
