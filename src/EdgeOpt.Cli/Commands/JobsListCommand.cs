using System.CommandLine;
using EdgeOpt.Cli.Client;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Commands;

/// <summary>`edgeopt jobs list [--device X] [--state S]`: jobs in queue order.</summary>
internal static class JobsListCommand
{
    private static readonly IReadOnlyDictionary<string, Wire.JobState> States = new Dictionary<string, Wire.JobState>(StringComparer.OrdinalIgnoreCase)
    {
        ["queued"] = Wire.JobState.Queued,
        ["leased"] = Wire.JobState.Leased,
        ["done"] = Wire.JobState.Done,
        ["failed"] = Wire.JobState.Failed,
    };

    public static Command Create()
    {
        var client = new ClientOptions();
        var device = new Option<string?>("--device") { Description = "Only this device's jobs (id or name).", HelpName = "ID" };
        var state = new Option<string?>("--state") { Description = $"Only jobs in this state: {string.Join(", ", States.Keys)}.", HelpName = "STATE" };
        var command = new Command("list", "List benchmark jobs.") { device, state };
        client.AddTo(command);
        command.SetAction((parse, ct) => FleetCall.RunAsync(parse, client, async (connection, token) =>
        {
            var request = new Wire.ListJobsRequest { State = ParseState(parse.GetValue(state)) };
            if (parse.GetValue(device) is { Length: > 0 } wanted)
                request.DeviceId = (await DeviceLookup.FindAsync(connection, wanted, token)).Id;
            var response = await connection.Fleet.ListJobsAsync(request, deadline: connection.Deadline(), cancellationToken: token);
            if (connection.Settings.Json)
            {
                CliConsole.WriteJson(response);
                return 0;
            }

            var table = new Table().AddColumn(new TableColumn("id").NoWrap()).AddColumn(new TableColumn("device").NoWrap()).AddColumns("purpose", "state", "attempts", "space", "arch", "precision", "lease expires");
            foreach (var job in response.Jobs)
            {
                table.AddRow(
                    Markup.Escape(job.Id), Markup.Escape(job.DeviceId), Display.Purpose(job.Purpose), Display.State(job.State),
                    job.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(job.Design?.Space ?? "-"), Markup.Escape(job.Design?.Arch ?? "-"), Display.Precisions(job.Design),
                    job.State == Wire.JobState.Leased ? Display.Time(job.LeaseExpiresUnixMs) : "-");
            }
            if (response.Jobs.Count > 0) CliConsole.Out.Write(table);
            var counts = response.Jobs.GroupBy(j => j.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Display.State(g.Key)}");
            CliConsole.Out.MarkupLineInterpolated($"{response.Jobs.Count} job(s){(response.Jobs.Count > 0 ? ": " + string.Join(", ", counts) : "")}.");
            return 0;
        }, ct));
        return command;
    }

    private static Wire.JobState ParseState(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Wire.JobState.Unspecified;
        return States.TryGetValue(text.Trim(), out var state)
            ? state
            : throw new CliUsageException($"--state: '{text}' is not a job state; allowed: {string.Join(", ", States.Keys)}");
    }
}
