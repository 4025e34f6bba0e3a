using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Tests.Support;

/// <summary>Reads of the fleet through its API, as an operator.</summary>
public static class FleetQueries
{
    public static async Task<List<Wire.Job>> JobsAsync(this ServerProcess server, string deviceId) =>
        (await server.Fleet.ListJobsAsync(new Wire.ListJobsRequest { DeviceId = deviceId })).Jobs.ToList();

    public static async Task<List<Wire.Measurement>> MeasurementsAsync(this ServerProcess server, string deviceId)
    {
        using var call = server.Fleet.ListMeasurements(new Wire.ListMeasurementsRequest { DeviceId = deviceId });
        var list = new List<Wire.Measurement>();
        await foreach (var m in call.ResponseStream.ReadAllAsync()) list.Add(m);
        return list;
    }

    /// <summary>Waits until the device has signature jobs and every one is done; fails at once when one fails.</summary>
    public static Task<List<Wire.Job>> SignatureDoneAsync(this ServerProcess server, string deviceId, TimeSpan timeout, Func<string>? context = null) =>
        Poll.UntilAsync(
            () => server.JobsAsync(deviceId),
            jobs =>
            {
                var failed = jobs.FirstOrDefault(j => j.State == Wire.JobState.Failed);
                if (failed is not null)
                    throw new Xunit.Sdk.XunitException($"job {failed.Id} of {deviceId} failed: {failed}\n{context?.Invoke()}");
                var signature = jobs.Where(j => j.Purpose == Wire.JobPurpose.Signature).ToList();
                return signature.Count > 0 && signature.All(j => j.State == Wire.JobState.Done);
            },
            timeout,
            jobs => $"{deviceId}: {string.Join(", ", jobs.GroupBy(j => j.State).Select(g => $"{g.Count()} {g.Key}"))}\n{context?.Invoke()}");

    /// <summary>Registers a device directly over gRPC (for tests whose subject is not the register verb).</summary>
    public static async Task<Wire.RegisterDeviceResponse> RegisterAsync(this ServerProcess server, string name) =>
        await server.Fleet.RegisterDeviceAsync(new Wire.RegisterDeviceRequest { Name = name });
}
