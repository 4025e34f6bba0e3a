using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Jobs;
using EdgeOpt.Server.Predictors;
using EdgeOpt.Server.Storage;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Fleet;

/// <summary>One report of a batch, checked and normalized at the edge.</summary>
/// <param name="JobId">The job it completes; empty for an ad-hoc measurement.</param>
/// <param name="Measurement">The measurement (device, design, statistics) without id, sequence or receive time.</param>
public sealed record IncomingReport(string JobId, MeasurementRecord Measurement);

/// <summary>What a batch did: measurements applied now, and reports that had been applied before.</summary>
public sealed record ReportOutcome(int Accepted, int Duplicates);

/// <summary>
/// Applies ReportMeasurements batches exactly once: a batch whose idempotency key was seen returns the first answer
/// and applies nothing; a report for a job already done counts as a duplicate. The batch is checked whole before
/// anything is applied, so it is applied completely or not at all.
/// </summary>
public sealed class MeasurementIngest(
    IFleetStore store,
    DeviceRegistry devices,
    DeviceSignals signals,
    MeasurementEpochs epochs,
    DeviceModelingQueue modeling,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ILogger<MeasurementIngest> logger)
{
    public const int MaxKeyLength = 200;

    /// <summary>Checks the key and the batch size before the reports are looked at; returns the trimmed key.</summary>
    public string CheckBatch(string? idempotencyKey, int reportCount)
    {
        string key = (idempotencyKey ?? "").Trim();
        if (key.Length == 0) throw FleetException.Invalid("idempotency_key is required (unique per batch, reused when the batch is retried)");
        if (key.Length > MaxKeyLength) throw FleetException.Invalid($"idempotency_key has {key.Length} characters; at most {MaxKeyLength}");
        int max = options.Value.MaxReportsPerBatch;
        if (reportCount == 0) throw FleetException.Invalid($"reports is empty; send 1 to {max} reports");
        if (reportCount > max) throw FleetException.Exhausted($"reports has {reportCount} entries; at most {max} per batch");
        return key;
    }

    public ReportOutcome Apply(string deviceId, string? idempotencyKey, IReadOnlyList<IncomingReport> reports)
    {
        string key = CheckBatch(idempotencyKey, reports.Count);

        var (outcome, replayed, remodeled) = store.Atomically(() =>
        {
            if (store.ReportKeys.Find(deviceId, key) is { } seen)
                return (new ReportOutcome(seen.Accepted, seen.Duplicates), true, (IReadOnlyList<(string Space, string Reason)>)[]);

            devices.RequireEnrolled(deviceId);
            long now = Now();
            var toApply = new List<(JobRecord? Job, MeasurementRecord Measurement)>();
            var jobsInBatch = new HashSet<string>(StringComparer.Ordinal);
            int duplicates = 0;
            for (int i = 0; i < reports.Count; i++)
            {
                var report = reports[i];
                if (report.Measurement.DeviceId != deviceId)
                    throw FleetException.Denied(
                        $"reports[{i}].measurement.device_id '{report.Measurement.DeviceId}' is not the caller's device '{deviceId}'");
                if (report.JobId.Length == 0)
                {
                    toApply.Add((null, report.Measurement));
                    continue;
                }
                var job = CheckJob(deviceId, report, i);
                if (job is null || !jobsInBatch.Add(job.Id))
                {
                    duplicates++;
                    continue;
                }
                toApply.Add((job, report.Measurement));
            }

            var spaces = new HashSet<string>(StringComparer.Ordinal);
            var fronts = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (job, draft) in toApply)
            {
                var stored = store.Measurements.Insert(draft with
                {
                    Id = Ids.New("msr"),
                    JobId = job?.Id ?? "",
                    MeasuredUnixMs = draft.MeasuredUnixMs > 0 ? draft.MeasuredUnixMs : now,
                    ReceivedUnixMs = now,
                });
                if (job is null) continue;
                store.Jobs.Update(job with { State = JobState.Done, LeaseExpiresUnixMs = 0, MeasurementId = stored.Id, UpdatedUnixMs = now });
                if (job.Purpose == JobPurpose.Signature) spaces.Add(job.Design.Space);
                else if (job.Purpose == JobPurpose.Adaptation) fronts.Add(job.Design.Space);
            }

            var completed = spaces.Where(space => SignatureSetDone(deviceId, space)).ToList();
            foreach (string space in completed) devices.MarkFeatured(deviceId, space);
            var remodel = completed.Select(space => (space, "signature set measured"))
                .Concat(fronts.Except(completed).Select(space => (space, "front measurement measured")))
                .ToList();
            devices.Touch(deviceId);

            var result = new ReportOutcome(toApply.Count, duplicates);
            store.ReportKeys.Insert(new ReportKeyRecord
            {
                Id = ReportKeyRecord.IdOf(deviceId, key),
                DeviceId = deviceId,
                Key = key,
                Accepted = result.Accepted,
                Duplicates = result.Duplicates,
                CreatedUnixMs = now,
            });
            return (result, false, (IReadOnlyList<(string Space, string Reason)>)remodel);
        });

        if (replayed)
        {
            logger.LogInformation("Report batch {IdempotencyKey} of device {DeviceId} was applied before; answered from the key",
                key, deviceId);
        }
        else
        {
            logger.LogInformation("Report batch {IdempotencyKey} of device {DeviceId}: {Accepted} accepted, {Duplicates} duplicates",
                key, deviceId, outcome.Accepted, outcome.Duplicates);
            if (outcome.Accepted > 0)
            {
                store.OnCommitted(() =>
                {
                    epochs.Changed(deviceId);
                    signals.Pulse(deviceId);
                    // The device's predictor is built in the background: the agent's call never waits for it.
                    foreach (var (space, reason) in remodeled) modeling.Enqueue(deviceId, space, reason);
                });
            }
        }
        return outcome;
    }

    /// <summary>The leased job the report completes, or null when the job is done already (a duplicate).</summary>
    private JobRecord? CheckJob(string deviceId, IncomingReport report, int index)
    {
        string field = $"reports[{index}].job_id";
        var job = store.Jobs.Find(report.JobId) ?? throw FleetException.NotFound($"{field}: job '{report.JobId}' not found");
        if (job.DeviceId != deviceId)
            throw FleetException.Denied($"{field}: job '{job.Id}' belongs to another device, not to '{deviceId}'");
        switch (job.State)
        {
            case JobState.Done:
                return null;
            case JobState.Leased:
                if (!job.Design.SameAs(report.Measurement.Design))
                    throw FleetException.Invalid(
                        $"reports[{index}].measurement.design {report.Measurement.Design} does not match job '{job.Id}' design {job.Design}");
                return job;
            case JobState.Queued:
                throw FleetException.Precondition(
                    $"{field}: job '{job.Id}' is queued, not leased to device '{deviceId}' (its lease expired and it went back to the queue); take it again");
            default:
                throw FleetException.Precondition(
                    $"{field}: job '{job.Id}' has failed ({job.LastError}); it takes no measurements");
        }
    }

    private bool SignatureSetDone(string deviceId, string space)
    {
        var signature = store.Jobs.List(deviceId, null)
            .Where(j => j.Purpose == JobPurpose.Signature && j.Design.Space == space)
            .ToList();
        // A failed job that was queued again on re-enrollment counts through its replacement.
        return signature.Count > 0 && signature
            .GroupBy(j => (j.Design.Arch, string.Join('-', j.Design.Precisions)))
            .All(g => g.Any(j => j.State == JobState.Done));
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
