using EdgeOpt.Core.Datasets;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.TestSupport;

/// <summary>Devices fed from the shared NAS-Bench-201 table through the agent API in replay mode.</summary>
public static class ReplayFleet
{
    private static readonly Lazy<MeasurementTable> Nb201 = new(() => MeasurementCsv.Load(SharedData.PathOf("nb201/latency.csv"), "nb201"));

    public static MeasurementTable Table => Nb201.Value;

    /// <summary>Registers and enrolls a replay device of nb201 that reports <paramref name="rows"/> rows of a column ad hoc.</summary>
    public static async Task<Scenario.Registered> KnownDeviceAsync(TestFleet fleet, string name, string column, IReadOnlyList<int> rows)
    {
        var device = await EnrollReplayAsync(fleet, name);
        var agent = fleet.Agent(device.AgentToken);
        int batch = 0;
        foreach (var chunk in rows.Chunk(500))
        {
            var reports = chunk
                .Where(r => Table[r, column] is > 0)
                .Select(r => new Wire.MeasurementReport { Measurement = Replayed(Design(r), Table[r, column]!.Value) })
                .ToArray();
            await agent.ReportMeasurementsAsync(Scenario.Batch($"{name}-{batch++}", reports));
        }
        return device;
    }

    public static async Task<Scenario.Registered> EnrollReplayAsync(TestFleet fleet, string name)
    {
        var device = await Scenario.RegisterAsync(fleet, name, "nb201");
        await fleet.Agent(device.AgentToken).EnrollAsync(new Wire.EnrollRequest { AgentVersion = "test/1", Mode = "replay" });
        return device;
    }

    /// <summary>Takes the device's signature jobs and answers each from the table's column, as a replay agent does.</summary>
    public static async Task<List<Wire.Job>> ReplaySignatureAsync(TestFleet fleet, Scenario.Registered device, string column, int count)
    {
        var jobs = await Scenario.TakeAsync(fleet, device.AgentToken, count, count, timeoutSeconds: 60);
        await ReportAsync(fleet, device, column, jobs, $"{device.Id}-signature");
        return jobs;
    }

    /// <summary>Answers taken jobs from the table's column in one batch with the given idempotency key.</summary>
    public static async Task ReportAsync(TestFleet fleet, Scenario.Registered device, string column, IReadOnlyList<Wire.Job> jobs, string batchKey)
    {
        var reports = jobs.Select(j => new Wire.MeasurementReport
        {
            JobId = j.Id,
            Measurement = Replayed(j.Design, Table[Table.IndexOf(j.Design.Arch), column]!.Value),
        }).ToArray();
        await fleet.Agent(device.AgentToken).ReportMeasurementsAsync(Scenario.Batch(batchKey, reports));
    }

    public static Wire.Design Design(int row) => new() { Space = "nb201", Arch = Table.Architectures[row] };

    public static Wire.Measurement Replayed(Wire.Design design, double ms)
    {
        var m = Scenario.MeasurementOf(design, ms);
        m.Provenance = Wire.Provenance.Replayed;
        return m;
    }

    /// <summary>Distinct seeded rows of the table.</summary>
    public static int[] Rows(int count, int seed)
    {
        var all = Enumerable.Range(0, Table.RowCount).ToArray();
        new Random(seed).Shuffle(all);
        return all.Take(count).ToArray();
    }

    /// <summary>
    /// Waits until GetDevice lists a predictor of the space for the target ("latency", or "energy"); fails after
    /// <paramref name="timeout"/>.
    /// </summary>
    public static async Task<Wire.DevicePredictorAssignment> WaitForPredictorAsync(
        TestFleet fleet, string deviceId, string space, TimeSpan timeout, string target = "latency")
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var device = await fleet.Operator.GetDeviceAsync(new Wire.GetDeviceRequest { DeviceId = deviceId });
            var assignment = device.Predictors.FirstOrDefault(p => p.Space == space && (p.Target.Length == 0 ? "latency" : p.Target) == target);
            if (assignment is not null) return assignment;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"device {deviceId} got no {space} {target} predictor within {timeout}; log:\n{string.Join('\n', fleet.Logs.Lines.TakeLast(30))}");
            await Task.Delay(100);
        }
    }

    /// <summary>Runs a Train call to its end; returns every progress message.</summary>
    public static async Task<List<Wire.TrainProgress>> TrainAsync(TestFleet fleet, Wire.TrainRequest request, string? token = null)
    {
        using var call = fleet.Predictor(token ?? TestFleet.OperatorSecret).Train(request, deadline: DateTime.UtcNow.AddMinutes(5));
        var messages = new List<Wire.TrainProgress>();
        while (await call.ResponseStream.MoveNext(TestTimeout.Token(300))) messages.Add(call.ResponseStream.Current);
        return messages;
    }

    /// <summary>Every NAS-Bench-201 cell as an fp32 Predict target.</summary>
    public static IEnumerable<Wire.PredictTarget> AllCells() =>
        EdgeOpt.Core.Spaces.SearchSpaces.Nb201.Enumerate()
            .Select(a => new Wire.PredictTarget { Design = new Wire.Design { Space = "nb201", Arch = EdgeOpt.Core.Spaces.SearchSpaces.Nb201.Format(a) } });
}
