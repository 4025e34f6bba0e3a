using EdgeOpt.Server.Domain;
using Google.Protobuf;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services.Mapping;

/// <summary>Job conversions between the wire and the store.</summary>
public static class JobMapping
{
    public static Wire.Job ToProto(JobRecord job) => new()
    {
        Id = job.Id,
        DeviceId = job.DeviceId,
        Design = DesignMapping.ToProto(job.Design),
        Purpose = ToProto(job.Purpose),
        State = ToProto(job.State),
        Attempts = job.Attempts,
        LeaseExpiresUnixMs = job.LeaseExpiresUnixMs,
        Settings = ToProto(job.Settings),
        OnnxModel = job.OnnxModel is { Length: > 0 } model ? ByteString.CopyFrom(model) : ByteString.Empty,
    };

    public static Wire.BenchmarkSettings ToProto(BenchmarkSettingsRecord s) => new()
    {
        WarmupRuns = s.WarmupRuns,
        MinRuns = s.MinRuns,
        MaxRuns = s.MaxRuns,
        TargetRelativeStandardError = s.TargetRelativeStandardError,
        MaxSeconds = s.MaxSeconds,
        IntraOpThreads = s.IntraOpThreads,
        BatchSize = s.BatchSize,
        MeasureEnergy = s.MeasureEnergy,
    };

    public static Wire.JobState ToProto(JobState state) => state switch
    {
        JobState.Queued => Wire.JobState.Queued,
        JobState.Leased => Wire.JobState.Leased,
        JobState.Done => Wire.JobState.Done,
        JobState.Failed => Wire.JobState.Failed,
        _ => Wire.JobState.Unspecified,
    };

    /// <summary>A state filter: null for unspecified (all states); InvalidArgument for values outside the enum.</summary>
    public static JobState? ToDomainFilter(Wire.JobState state, string field) => state switch
    {
        Wire.JobState.Unspecified => null,
        Wire.JobState.Queued => JobState.Queued,
        Wire.JobState.Leased => JobState.Leased,
        Wire.JobState.Done => JobState.Done,
        Wire.JobState.Failed => JobState.Failed,
        _ => throw FleetException.Invalid(
            $"{field} {(int)state} is not a job state; allowed: JOB_STATE_UNSPECIFIED (all), JOB_STATE_QUEUED, JOB_STATE_LEASED, JOB_STATE_DONE, JOB_STATE_FAILED"),
    };

    public static Wire.JobPurpose ToProto(JobPurpose purpose) => purpose switch
    {
        JobPurpose.Signature => Wire.JobPurpose.Signature,
        JobPurpose.Adaptation => Wire.JobPurpose.Adaptation,
        JobPurpose.Verification => Wire.JobPurpose.Verification,
        _ => Wire.JobPurpose.Unspecified,
    };
}
