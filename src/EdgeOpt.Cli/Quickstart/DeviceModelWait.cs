using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Storage;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Quickstart;

/// <summary>
/// Quickstart step: waiting until the server has modeled this machine (its proxy decision and predictor), read from
/// the store, the one record that no public RPC gives.
/// </summary>
internal sealed class DeviceModelWait(QuickstartSteps steps)
{
    private static readonly TimeSpan ModelingTimeout = TimeSpan.FromMinutes(3);

    public async Task<DeviceModelRecord> WaitAsync(IFleetStore store, string deviceId, Wire.Fleet.FleetClient fleet, CancellationToken ct)
    {
        DeviceModelRecord? record = null;
        await steps.Console.Status().StartAsync("The server is building this machine's latency predictor", async _ =>
        {
            var deadline = DateTime.UtcNow + ModelingTimeout;
            while ((record = store.Predictors.FindDeviceModel(deviceId, steps.Settings.Space)) is null)
            {
                if (DateTime.UtcNow > deadline)
                    throw new QuickstartException($"the server did not model this machine within {ModelingTimeout.TotalMinutes:0} minutes; see {QuickstartRunner.ServerLogFile} in the data folder");
                await Task.Delay(250, ct);
            }
        });
        steps.Done($"this machine is modeled: {record!.Decision}{(record.Proxy.Length > 0 ? $" (proxy {NameOf(fleet, record.Proxy)})" : "")}, predictor {record.PredictorId} v{record.PredictorVersion}");
        return record;
    }

    private static string NameOf(Wire.Fleet.FleetClient fleet, string id) =>
        fleet.GetDevice(new Wire.GetDeviceRequest { DeviceId = id }, deadline: QuickstartSteps.Deadline()).Name;
}
