using EdgeOpt.Core.Statistics;
using Grpc.Core;

namespace EdgeOpt.Cli.LoadCheck;

/// <summary>The figures of one load check. Latencies are of successful ReportMeasurements calls, in milliseconds.</summary>
internal sealed record LoadCheckReport(
    string Server,
    int Agents,
    int BatchSize,
    double Seconds,
    long Batches,
    long Accepted,
    long Duplicates,
    long JobReports,
    long AdHocReports,
    long SignatureJobsDone,
    long? Stored,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    long Retries,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyList<string> FatalErrors)
{
    public double MeasurementsPerSecond => Seconds > 0 ? Accepted / Seconds : 0;

    public double BatchesPerSecond => Seconds > 0 ? Batches / Seconds : 0;

    public long ErrorCount => Errors.Values.Sum();

    public static LoadCheckReport From(
        string server, LoadCheckSettings settings, TimeSpan elapsed, IReadOnlyList<AgentTally> tallies, long signatureJobsDone, long? stored)
    {
        var latencies = tallies.SelectMany(t => t.ReportLatenciesMs).ToArray();
        Array.Sort(latencies);
        double At(double percent) => latencies.Length == 0 ? double.NaN : Descriptive.PercentileOfSorted(latencies, percent);
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (code, count) in tallies.SelectMany(t => t.Errors))
        {
            string name = code.ToString();
            errors[name] = errors.GetValueOrDefault(name) + count;
        }
        return new LoadCheckReport(
            server, settings.Agents, settings.BatchSize, elapsed.TotalSeconds,
            tallies.Sum(t => t.Batches), tallies.Sum(t => t.Accepted), tallies.Sum(t => t.Duplicates),
            tallies.Sum(t => t.JobReports), tallies.Sum(t => t.AdHocReports), signatureJobsDone, stored,
            At(50), At(90), At(99), latencies.Length == 0 ? double.NaN : latencies[^1],
            tallies.Sum(t => t.Retries), errors,
            tallies.Select(t => t.FatalError).OfType<string>().ToList());
    }
}
