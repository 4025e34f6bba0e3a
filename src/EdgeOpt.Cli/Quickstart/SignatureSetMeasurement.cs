using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Quickstart;

/// <summary>
/// Quickstart step: this machine's signature set, its jobs followed with a progress bar while the local agent measures
/// them (failing on a failed job, a stopped agent or the time limit), and its fp32 measurements read back.
/// </summary>
internal sealed class SignatureSetMeasurement(QuickstartSteps steps, Wire.Fleet.FleetClient fleet, string deviceId)
{
    private static readonly TimeSpan SignatureTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The architectures of the signature set the server queued.</summary>
    public async Task<HashSet<string>> ArchsAsync(CancellationToken ct) =>
        (await JobsAsync(ct)).Select(j => j.Design.Arch).ToHashSet(StringComparer.Ordinal);

    public async Task MeasureAsync(Task<int> agent, CancellationToken ct)
    {
        var jobs = await JobsAsync(ct);
        if (jobs.Count == 0) throw new QuickstartException($"the server queued no {steps.Settings.Space} signature jobs for this machine");
        var deadline = DateTime.UtcNow + SignatureTimeout;
        await steps.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Measuring {jobs.Count} signature architectures on this machine", maxValue: jobs.Count);
                while (true)
                {
                    jobs = await JobsAsync(ct);
                    int done = jobs.Count(j => j.State == Wire.JobState.Done);
                    task.Value = done;
                    var failed = jobs.Where(j => j.State == Wire.JobState.Failed).ToList();
                    if (failed.Count > 0)
                        throw new QuickstartException(
                            $"{failed.Count} signature benchmark(s) failed on this machine (first: {failed[0].Design.Arch}); see {QuickstartRunner.ServerLogFile} in the data folder");
                    if (done == jobs.Count) break;
                    if (agent.IsCompleted)
                        throw new QuickstartException($"the local agent stopped (exit code {(agent.IsCompletedSuccessfully ? agent.Result : -1)}) before the signature set was measured");
                    if (DateTime.UtcNow > deadline)
                        throw new QuickstartException($"the signature set was not measured within {SignatureTimeout.TotalMinutes:0} minutes ({done} of {jobs.Count})");
                    await Task.Delay(250, ct);
                }
            });
        steps.Done($"measured {jobs.Count} signature architectures on this machine");
    }

    /// <summary>This machine's fp32 measurements of the signature architectures.</summary>
    public async Task<List<Wire.Measurement>> MeasurementsAsync(CancellationToken ct)
    {
        var signature = await ArchsAsync(ct);
        var list = new List<Wire.Measurement>();
        using var call = fleet.ListMeasurements(
            new Wire.ListMeasurementsRequest { DeviceId = deviceId, Space = steps.Settings.Space }, deadline: QuickstartSteps.Deadline(), cancellationToken: ct);
        while (await call.ResponseStream.MoveNext(ct))
        {
            var m = call.ResponseStream.Current;
            if (signature.Contains(m.Design.Arch) && m.Design.Precisions.All(p => p == Wire.Precision.Fp32)) list.Add(m);
        }
        return list;
    }

    private async Task<List<Wire.Job>> JobsAsync(CancellationToken ct) =>
        (await fleet.ListJobsAsync(new Wire.ListJobsRequest { DeviceId = deviceId }, deadline: QuickstartSteps.Deadline(), cancellationToken: ct)).Jobs
            .Where(j => j.Purpose == Wire.JobPurpose.Signature && j.Design?.Space == steps.Settings.Space)
            .ToList();
}
