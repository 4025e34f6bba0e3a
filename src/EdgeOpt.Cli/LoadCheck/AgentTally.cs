using Grpc.Core;

namespace EdgeOpt.Cli.LoadCheck;

/// <summary>What one simulated agent saw; written by that agent only, read once it has stopped.</summary>
internal sealed class AgentTally
{
    public List<double> ReportLatenciesMs { get; } = [];
    public long Batches { get; set; }
    /// <summary>A field so progress can read it while the agent runs (<see cref="Volatile.Read(ref long)"/>).</summary>
    public long Accepted;
    public long Duplicates { get; set; }
    public long JobReports { get; set; }
    public long AdHocReports { get; set; }
    public long Retries { get; set; }
    public Dictionary<StatusCode, long> Errors { get; } = [];
    public string? FatalError { get; set; }

    public void Error(StatusCode code) => Errors[code] = Errors.GetValueOrDefault(code) + 1;
}
