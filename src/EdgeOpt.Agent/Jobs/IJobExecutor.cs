using EdgeOpt.Contracts.V1;

namespace EdgeOpt.Agent.Jobs;

/// <summary>Runs one benchmark job: measures it on this device, or answers it from a recording.</summary>
public interface IJobExecutor
{
    /// <summary>The mode sent at enrollment: "measure" or "replay".</summary>
    string Mode { get; }

    /// <summary>
    /// Runs the job. A job that cannot be run (unknown design, model that fails to load or run, missing
    /// recording) is a <see cref="JobOutcome.Failed"/> outcome with its reason, not an exception; cancellation
    /// throws <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<JobOutcome> ExecuteAsync(Job job, CancellationToken cancellationToken);
}
