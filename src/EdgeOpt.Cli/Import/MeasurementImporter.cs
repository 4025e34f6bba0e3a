using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using EdgeOpt.Cli.Client;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Import;

/// <summary>
/// Stores an <see cref="ImportPlan"/> in a server through its public RPCs, one device per column: the device is
/// found by name among the active devices or registered (for the plan's space), an agent token is issued for it,
/// and the import then speaks as that device's agent in replay mode: it enrolls, answers the signature jobs the
/// server queued from the file (jobs the file has no cell for fail, not retryable), and reports every other cell
/// as a replayed measurement. Batches carry idempotency keys derived from the file's hash, so importing the same
/// file twice stores nothing twice.
/// </summary>
internal sealed class MeasurementImporter(Wire.Fleet.FleetClient fleet, Uri server, TimeSpan timeout)
{
    public const string AgentVersion = "edgeopt-import";

    /// <summary>
    /// Which cells are reported beyond the answered jobs (null: all). Quickstart imports a sample of a large recording.
    /// </summary>
    public Func<string, bool>? Include { get; init; }

    /// <summary>Leave out cells whose architecture the device has a measurement of already (a later pass over the same file).</summary>
    public bool SkipStored { get; init; }

    /// <summary>Names the pass in the idempotency keys, so passes over different cells of one file do not collide.</summary>
    public string Pass { get; init; } = "all";

    /// <summary>Called after each device column with the column's result.</summary>
    public Action<ImportResult>? DeviceDone { get; init; }

    public async Task<IReadOnlyList<ImportResult>> ImportAsync(ImportPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var devices = (await fleet.ListDevicesAsync(new Wire.ListDevicesRequest(), deadline: Deadline(), cancellationToken: cancellationToken)).Devices;
        var results = new List<ImportResult>();
        foreach (var column in plan.Columns.Where(c => c.Cells.Count > 0))
        {
            var result = await ImportColumnAsync(plan, column, devices, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            DeviceDone?.Invoke(result);
        }
        return results;
    }

    private async Task<ImportResult> ImportColumnAsync(
        ImportPlan plan, ImportColumn column, IReadOnlyList<Wire.Device> devices, CancellationToken ct)
    {
        var (device, agentToken, registered) = await DeviceForAsync(plan, column.Device, devices, ct).ConfigureAwait(false);
        using var channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ConnectTimeout = timeout, EnableMultipleHttp2Connections = true },
        });
        var agent = new Wire.Agent.AgentClient(channel.Intercept(FleetConnection.BearerToken(agentToken)));
        var description = new Wire.DeviceDescription();
        description.Labels["source"] = $"import of {plan.SourceName}";
        var enrolled = await agent.EnrollAsync(new Wire.EnrollRequest
        {
            Description = description,
            AgentVersion = AgentVersion,
            Mode = "replay",
        }, deadline: Deadline(), cancellationToken: ct);
        int maxBatch = Math.Max(1, enrolled.MaxBatch);

        var byArch = column.Cells.ToDictionary(c => c.Arch, c => c.LatencyMs, StringComparer.Ordinal);
        var (answered, failed, answeredArchs, accepted, duplicates) = await AnswerQueuedJobsAsync(plan, column, device.Id, agent, byArch, ct);

        if (SkipStored) answeredArchs.UnionWith(await StoredArchsAsync(device.Id, plan.Space, ct).ConfigureAwait(false));
        var rest = column.Cells.Where(c => !answeredArchs.Contains(c.Arch) && (Include?.Invoke(c.Arch) ?? true)).ToList();
        for (int start = 0, batch = 0; start < rest.Count; start += maxBatch, batch++)
        {
            var request = new Wire.ReportMeasurementsRequest { IdempotencyKey = $"import:{plan.ContentHash[..16]}:{plan.Space}:{column.Device}:{Pass}:{batch}" };
            foreach (var (arch, latency) in rest.Skip(start).Take(maxBatch))
                request.Reports.Add(new Wire.MeasurementReport { Measurement = Replayed(plan, column.Device, device.Id, new Wire.Design { Space = plan.Space, Arch = arch }, latency, "") });
            var response = await agent.ReportMeasurementsAsync(request, deadline: Deadline(), cancellationToken: ct);
            accepted += response.Accepted;
            duplicates += response.Duplicates;
        }
        return new ImportResult(column.Device, device.Id, registered, accepted, duplicates, answered, failed);
    }

    private async Task<HashSet<string>> StoredArchsAsync(string deviceId, string space, CancellationToken ct)
    {
        var archs = new HashSet<string>(StringComparer.Ordinal);
        using var call = fleet.ListMeasurements(new Wire.ListMeasurementsRequest { DeviceId = deviceId, Space = space }, deadline: Deadline(), cancellationToken: ct);
        while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false)) archs.Add(call.ResponseStream.Current.Design.Arch);
        return archs;
    }

    /// <summary>The active device named like the column, or a new one; with an agent token issued for it.</summary>
    private async Task<(Wire.Device Device, string AgentToken, bool Registered)> DeviceForAsync(
        ImportPlan plan, string name, IReadOnlyList<Wire.Device> devices, CancellationToken ct)
    {
        if (devices.FirstOrDefault(d => d.Name == name && d.State != Wire.DeviceState.Retired) is { } existing)
        {
            var issued = await fleet.IssueTokenAsync(new Wire.IssueTokenRequest
            {
                Role = Wire.Role.Agent,
                DeviceId = existing.Id,
                Label = $"import of {plan.SourceName}",
            }, deadline: Deadline(), cancellationToken: ct);
            return (existing, issued.Token, false);
        }
        var request = new Wire.RegisterDeviceRequest { Name = name, Description = new Wire.DeviceDescription() };
        request.Description.Labels["source"] = $"import of {plan.SourceName}";
        request.Spaces.Add(plan.Space);
        var response = await fleet.RegisterDeviceAsync(request, deadline: Deadline(), cancellationToken: ct);
        return (response.Device, response.AgentToken, true);
    }

    /// <summary>
    /// Takes the jobs the server queued for the device (its signature set after enrollment) and answers each from
    /// the file; a job the file cannot answer fails, not retryable, with the reason.
    /// </summary>
    private async Task<(int Answered, int Failed, HashSet<string> Archs, int Accepted, int Duplicates)> AnswerQueuedJobsAsync(
        ImportPlan plan, ImportColumn column, string deviceId, Wire.Agent.AgentClient agent,
        IReadOnlyDictionary<string, double> byArch, CancellationToken ct)
    {
        var archs = new HashSet<string>(StringComparer.Ordinal);
        var queued = await fleet.ListJobsAsync(new Wire.ListJobsRequest { DeviceId = deviceId, State = Wire.JobState.Queued },
            deadline: Deadline(), cancellationToken: ct);
        int expected = queued.Jobs.Count;
        if (expected == 0) return (0, 0, archs, 0, 0);

        using var streamStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stream = agent.TakeJobs(new Wire.TakeJobsRequest { Concurrency = Math.Min(expected, 64) },
            deadline: Deadline(), cancellationToken: streamStop.Token);
        int answered = 0, failed = 0;
        var reports = new List<Wire.MeasurementReport>();
        for (int taken = 0; taken < expected && await stream.ResponseStream.MoveNext(streamStop.Token).ConfigureAwait(false); taken++)
        {
            var job = stream.ResponseStream.Current;
            string? problem = Problem(plan, job, byArch);
            if (problem is null)
            {
                reports.Add(new Wire.MeasurementReport
                {
                    JobId = job.Id,
                    Measurement = Replayed(plan, column.Device, deviceId, job.Design.Clone(), byArch[job.Design.Arch], job.Id),
                });
                archs.Add(job.Design.Arch);
                answered++;
            }
            else
            {
                await agent.ReportJobFailureAsync(new Wire.ReportJobFailureRequest { JobId = job.Id, Reason = problem, Retryable = false },
                    deadline: Deadline(), cancellationToken: ct);
                failed++;
            }
        }
        await streamStop.CancelAsync().ConfigureAwait(false);
        if (reports.Count == 0) return (answered, failed, archs, 0, 0);
        // Keyed by the jobs answered: a retry of this batch is recognized, a later batch of other jobs is not.
        string jobs = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join(",", reports.Select(r => r.JobId).Order(StringComparer.Ordinal)))))[..16];
        var request = new Wire.ReportMeasurementsRequest { IdempotencyKey = $"import:{plan.ContentHash[..16]}:{plan.Space}:{column.Device}:jobs:{jobs}" };
        request.Reports.Add(reports);
        var response = await agent.ReportMeasurementsAsync(request, deadline: Deadline(), cancellationToken: ct);
        return (answered, failed, archs, response.Accepted, response.Duplicates);
    }

    private static string? Problem(ImportPlan plan, Wire.Job job, IReadOnlyDictionary<string, double> byArch)
    {
        if (job.Design is not { } design || design.Arch.Length == 0)
            return $"imported device: {plan.SourceName} answers designs of {plan.Space}; this job carries no design";
        if (!string.Equals(design.Space, plan.Space, StringComparison.OrdinalIgnoreCase))
            return $"imported device: {plan.SourceName} holds {plan.Space} latencies; the job asks for space {design.Space}";
        if (design.Precisions.Any(p => p != Wire.Precision.Fp32))
            return $"imported device: {plan.SourceName} holds fp32 latencies; the job asks for {string.Join("-", design.Precisions)}";
        if (!byArch.ContainsKey(design.Arch))
            return $"imported device: {plan.SourceName} has no latency for architecture '{design.Arch}'";
        return null;
    }

    /// <summary>A replayed measurement of the cell; a design without precisions is all fp32.</summary>
    private static Wire.Measurement Replayed(ImportPlan plan, string column, string deviceId, Wire.Design design, double latency, string jobId) => new Wire.Measurement
        {
            DeviceId = deviceId,
            Design = design,
            Latency = new Wire.LatencyStats { MedianMs = latency, P90Ms = latency, MeanMs = latency, Runs = 1 },
            Provenance = Wire.Provenance.Replayed,
            Context = new Wire.MeasurementContext { Machine = column, Runtime = $"import of {plan.SourceName}" },
            JobId = jobId,
        };

    private DateTime Deadline() => DateTime.UtcNow + timeout;
}
