using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeOpt.Cli.Client;
using EdgeOpt.Cli.LoadCheck;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// `edgeopt loadcheck`: a benchmark of the server's ingest, not a test. N simulated replay agents report in batches
/// against a loopback server (its own, in this process, unless --server names one) for a bounded time; prints
/// measurements ingested per second, report latency percentiles and errors.
/// </summary>
internal static class LoadCheckCommand
{
    public static Command Create()
    {
        var agents = new Option<int>("--agents") { Description = $"Simulated agents, each on its own connection (1 to {LoadCheckSettings.MaxAgents}).", DefaultValueFactory = _ => 100 };
        var seconds = new Option<int>("--seconds") { Description = $"How long they report (1 to {LoadCheckSettings.MaxSeconds}).", DefaultValueFactory = _ => 60 };
        var batch = new Option<int>("--batch") { Description = "Measurements per ReportMeasurements call (capped by the server's batch limit).", DefaultValueFactory = _ => 20 };
        var jobConcurrency = new Option<int>("--job-concurrency") { Description = "Jobs each agent holds at once.", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Seed of the ad-hoc architectures and latencies.", DefaultValueFactory = _ => 0 };
        var timeout = new Option<double>("--timeout") { Description = "Deadline of each call, in seconds.", DefaultValueFactory = _ => 30 };
        var server = new Option<string?>("--server") { Description = "A loopback server to load (default: start one in this process on 127.0.0.1).", HelpName = "URL" };
        var token = new Option<string?>("--token") { Description = $"Operator token for --server (else ${ClientOptions.TokenVariable}, else operator.token under --data)." };
        var data = new Option<string?>("--data") { Description = "The --server's data folder, to read its operator.token.", HelpName = "DIR" };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };

        var command = new Command("loadcheck", "Benchmark the server's ingest with simulated agents on loopback (not a test).")
        {
            agents, seconds, batch, jobConcurrency, seed, timeout, server, token, data, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new LoadCheckSettings(
                parse.GetValue(agents), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(batch),
                parse.GetValue(jobConcurrency), TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(seed));
            var problems = settings.Validate();
            if (problems.Count > 0)
            {
                foreach (var problem in problems) CliConsole.WriteError(problem);
                return FleetCall.UsageError;
            }
            bool asJson = parse.GetValue(json);
            try
            {
                Uri? target = null;
                string? operatorToken = null;
                if (parse.GetValue(server) is { Length: > 0 } url)
                {
                    target = ClientOptions.ParseServerUrl(url, "--server");
                    operatorToken = TokenSources.Find(parse.GetValue(token), parse.GetValue(data), Environment.GetEnvironmentVariable);
                }
                var report = await LoadCheckRunner.RunAsync(settings, target, operatorToken,
                    line => { if (!asJson) CliConsole.Out.MarkupLineInterpolated($"[grey]{line}[/]"); }, ct);
                if (asJson) CliConsole.WriteJson(ToJson(report));
                else Print(report);
                return report.Accepted > 0 && report.FatalErrors.Count == 0 ? 0 : 1;
            }
            catch (CliUsageException e)
            {
                CliConsole.WriteError(e.Message);
                return FleetCall.UsageError;
            }
            catch (Grpc.Core.RpcException e)
            {
                CliConsole.WriteError($"{e.StatusCode}: {e.Status.Detail}");
                return FleetCall.ServerError;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                CliConsole.WriteError("cancelled");
                return FleetCall.Cancelled;
            }
        });
        return command;
    }

    private static void Print(LoadCheckReport r)
    {
        static string F(double value, string format = "0.0") => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("figure", "value");
        table.AddRow("server", Markup.Escape(r.Server));
        table.AddRow("agents x batch", $"{r.Agents} x {r.BatchSize}");
        table.AddRow("duration", $"{F(r.Seconds)} s");
        table.AddRow("measurements ingested", $"{r.Accepted} ({r.JobReports} for jobs, {r.AdHocReports} ad hoc; {r.Duplicates} duplicates)");
        table.AddRow("[bold]measurements/s[/]", $"[bold]{F(r.MeasurementsPerSecond, "0")}[/]");
        table.AddRow("report calls", $"{r.Batches} ({F(r.BatchesPerSecond, "0")}/s)");
        table.AddRow("[bold]report latency p50 / p99[/]", $"[bold]{F(r.P50Ms, "0.0")} / {F(r.P99Ms, "0.0")} ms[/] (p90 {F(r.P90Ms, "0.0")}, max {F(r.MaxMs, "0.0")})");
        table.AddRow("errors", r.ErrorCount == 0 ? "0" : Markup.Escape($"{r.ErrorCount}: {string.Join(", ", r.Errors.Select(e => $"{e.Key} {e.Value}"))} ({r.Retries} retried)"));
        table.AddRow("signature jobs done", r.SignatureJobsDone.ToString(CultureInfo.InvariantCulture));
        table.AddRow("stored for these devices", r.Stored is { } s ? $"{s}{(s == r.Accepted ? " (= ingested)" : $" [red](ingested {r.Accepted})[/]")}" : "-");
        CliConsole.Out.Write(table);
        foreach (var fatal in r.FatalErrors.Distinct().Take(5)) CliConsole.WriteError(fatal);
    }

    private static JsonObject ToJson(LoadCheckReport r)
    {
        var errors = new JsonObject();
        foreach (var (code, count) in r.Errors) errors[code] = count;
        static JsonNode? N(double v) => double.IsNaN(v) ? null : JsonValue.Create(v);
        return new JsonObject
        {
            ["server"] = r.Server,
            ["agents"] = r.Agents,
            ["batch"] = r.BatchSize,
            ["seconds"] = r.Seconds,
            ["measurementsIngested"] = r.Accepted,
            ["measurementsPerSecond"] = r.MeasurementsPerSecond,
            ["jobReports"] = r.JobReports,
            ["adHocReports"] = r.AdHocReports,
            ["duplicates"] = r.Duplicates,
            ["reportCalls"] = r.Batches,
            ["reportLatencyMs"] = new JsonObject { ["p50"] = N(r.P50Ms), ["p90"] = N(r.P90Ms), ["p99"] = N(r.P99Ms), ["max"] = N(r.MaxMs) },
            ["errors"] = errors,
            ["retries"] = r.Retries,
            ["signatureJobsDone"] = r.SignatureJobsDone,
            ["stored"] = r.Stored,
            ["fatalErrors"] = new JsonArray(r.FatalErrors.Select(f => (JsonNode?)f).ToArray()),
        };
    }
}
