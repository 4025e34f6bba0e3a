using System.Text.Json;

namespace EdgeOpt.Cli.Tests.Support;

/// <summary>What an agent logged about one job it finished and reported.</summary>
public sealed record ReportedJob(string JobId, double MedianMs, int Accepted, int Duplicates, string Provenance);

/// <summary>
/// An `edgeopt-agent` process logging JSON lines (--log-format json), with helpers that read its structured log:
/// the jobs it started and the jobs it finished and reported (with the median it measured).
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private AgentProcess(ChildProcess process) => Process = process;

    public ChildProcess Process { get; }

    public static AgentProcess Start(string name, string server, string token, params string[] arguments) =>
        new(ChildProcess.Start(name, BuiltTools.Agent,
            ["--server", server, "--token", token, "--log-format", "json", "--backoff-initial-seconds", "0.2", "--backoff-max-seconds", "1", .. arguments]));

    /// <summary>Structured log events (the State object of each JSON line) whose format string starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<JsonElement> Events(string prefix)
    {
        var events = new List<JsonElement>();
        foreach (var line in Process.Output)
        {
            if (!line.StartsWith('{')) continue;
            JsonElement root;
            try
            {
                root = JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException)
            {
                continue;
            }
            if (root.TryGetProperty("State", out var state)
                && state.TryGetProperty("{OriginalFormat}", out var format)
                && format.GetString()?.StartsWith(prefix, StringComparison.Ordinal) == true)
                events.Add(state);
        }
        return events;
    }

    /// <summary>Jobs the agent finished and reported ("Job {JobId} done …; reported (…)").</summary>
    public IReadOnlyList<ReportedJob> Reported() => Events("Job {JobId} done").Select(e => new ReportedJob(
        e.GetProperty("JobId").GetString()!,
        e.GetProperty("MedianMs").GetDouble(),
        e.GetProperty("Accepted").GetInt32(),
        e.GetProperty("Duplicates").GetInt32(),
        e.GetProperty("Provenance").ToString())).ToList();

    /// <summary>Ids of the jobs the agent started ("Running job {JobId}: …").</summary>
    public IReadOnlyList<string> Started() => Events("Running job {JobId}").Select(e => e.GetProperty("JobId").GetString()!).ToList();

    public async Task<string> WaitForStartedJobAsync(TimeSpan timeout)
    {
        await Process.WaitForLineAsync(l => l.Contains("\"Running job {JobId}", StringComparison.Ordinal), timeout, "a started job");
        return Started()[0];
    }

    public Task KillAsync() => Process.KillAsync();

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
