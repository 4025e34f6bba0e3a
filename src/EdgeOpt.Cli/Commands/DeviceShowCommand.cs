using System.CommandLine;
using System.Text.Json.Nodes;
using EdgeOpt.Cli.Client;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// `edgeopt device show ID`: one device, its description, and how many of its jobs are in each state, in all and by
/// purpose (signature, adaptation: the front measurements after it, verification).
/// </summary>
internal static class DeviceShowCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var device = new Argument<string>("ID") { Description = "The device's id (dev_…) or name." };
        var command = new Command("show", "Show one device and its jobs by state.") { device };
        client.AddTo(command);
        command.SetAction((parse, ct) => FleetCall.RunAsync(parse, client, async (connection, token) =>
        {
            var found = await DeviceLookup.FindAsync(connection, parse.GetValue(device)!, token);
            var jobs = await connection.Fleet.ListJobsAsync(
                new Wire.ListJobsRequest { DeviceId = found.Id }, deadline: connection.Deadline(), cancellationToken: token);
            var byState = jobs.Jobs.GroupBy(j => j.State).ToDictionary(g => g.Key, g => g.Count());
            var states = new[] { Wire.JobState.Queued, Wire.JobState.Leased, Wire.JobState.Done, Wire.JobState.Failed };
            // Signature, then the server's front measurements (adaptation jobs), then verifications: each by state.
            var byPurpose = jobs.Jobs.GroupBy(j => j.Purpose).OrderBy(g => g.Key)
                .Select(g => (Purpose: Display.Purpose(g.Key), States: states.Select(s => (State: s, Count: g.Count(j => j.State == s))).Where(c => c.Count > 0).ToList()))
                .ToList();

            if (connection.Settings.Json)
            {
                var counts = new JsonObject();
                foreach (var state in states) counts[Display.State(state)] = byState.GetValueOrDefault(state);
                var purposes = new JsonObject();
                foreach (var (purpose, counted) in byPurpose)
                {
                    var entry = new JsonObject();
                    foreach (var (state, count) in counted) entry[Display.State(state)] = count;
                    purposes[purpose] = entry;
                }
                CliConsole.WriteJson(new JsonObject { ["device"] = CliConsole.ToJson(found), ["jobs"] = counts, ["jobsByPurpose"] = purposes });
                return 0;
            }

            var d = found.Description ?? new Wire.DeviceDescription();
            var grid = new Grid().AddColumn().AddColumn();
            void Row(string key, string value) => grid.AddRow(new Text(key, new Style(decoration: Decoration.Bold)), new Text(value));
            Row("id", found.Id);
            Row("name", found.Name);
            Row("state", Display.State(found.State));
            Row("registered", Display.Time(found.RegisteredUnixMs));
            Row("last seen", Display.Time(found.LastSeenUnixMs));
            Row("featured spaces", found.FeaturedSpaces.Count == 0 ? "-" : string.Join(", ", found.FeaturedSpaces));
            Row("cpu", d.CpuModel.Length == 0 ? "-" : $"{d.CpuModel} ({d.CpuCores} cores)");
            Row("memory", d.MemoryBytes <= 0 ? "-" : $"{d.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB");
            Row("os", d.Os.Length == 0 ? "-" : $"{d.Os} {d.Architecture}".Trim());
            Row("execution providers", d.ExecutionProviders.Count == 0 ? "-" : string.Join(", ", d.ExecutionProviders));
            Row("accelerator", d.Accelerator.Length == 0 ? "-" : d.Accelerator);
            Row("energy meters", d.EnergyMeters.Count == 0 ? "-" : string.Join(", ", d.EnergyMeters));
            Row("labels", d.Labels.Count == 0 ? "-" : string.Join(", ", d.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")));
            Row("jobs", string.Join(", ", states.Select(s => $"{byState.GetValueOrDefault(s)} {Display.State(s)}")));
            if (byPurpose.Count > 0)
                Row("jobs by purpose", string.Join("; ", byPurpose.Select(p =>
                    $"{p.Purpose}: {string.Join(", ", p.States.Select(c => $"{c.Count} {Display.State(c.State)}"))}")));
            foreach (var p in found.Predictors)
            {
                Row(p.Target == "energy" ? $"energy predictor {p.Space}" : $"predictor {p.Space}",
                    $"{(p.PredictorId.Length > 0 ? $"{p.PredictorId} v{p.PredictorVersion}, " : "")}{p.Decision}{(p.Proxy.Length > 0 ? $" (proxy {p.Proxy})" : "")}, " +
                    $"{p.Observations} measurements, {Display.Time(p.DecidedUnixMs)}");
            }
            CliConsole.Out.Write(grid);
            return 0;
        }, ct));
        return command;
    }
}
