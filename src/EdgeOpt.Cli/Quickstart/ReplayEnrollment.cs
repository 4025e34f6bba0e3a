using EdgeOpt.Cli.Import;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Quickstart;

/// <summary>
/// Quickstart step: the replay devices of a recording (--replay) enrolled in the fleet through the import RPCs, first
/// with a seeded sample of architectures, later with the architectures of this machine's signature set.
/// </summary>
internal sealed class ReplayEnrollment(QuickstartSteps steps)
{
    /// <summary>The recording restricted to its replay devices, or null without --replay.</summary>
    public ImportPlan? Load()
    {
        var settings = steps.Settings;
        if (settings.Replay is not { } path) return null;
        if (!File.Exists(path))
            throw new QuickstartException($"--replay: '{path}' does not exist; give a recording in the import format (for example ../shared/data/nb201/latency.csv) or leave --replay out");
        steps.Status($"Reading the recording {path}");
        var plan = ImportPlan.Load(path, settings.Space);
        var devices = settings.ReplayDevices.Count > 0 ? settings.ReplayDevices : plan.Columns.Take(3).Select(c => c.Device).ToList();
        try
        {
            return plan.WithDevices(devices, "--replay-devices");
        }
        catch (ArgumentException e)
        {
            throw new QuickstartException(e.Message);
        }
    }

    /// <summary>A seeded sample of <see cref="QuickstartSettings.ReplayRows"/> architectures measured on every replay device.</summary>
    public Func<string, bool> Sample(ImportPlan plan)
    {
        var common = plan.Columns.Select(c => c.Cells.Select(x => x.Arch).ToHashSet(StringComparer.Ordinal))
            .Aggregate((a, b) => { a.IntersectWith(b); return a; })
            .Order(StringComparer.Ordinal)
            .ToArray();
        new Random(steps.Settings.Seed).Shuffle(common);
        var chosen = common.Take(steps.Settings.ReplayRows).ToHashSet(StringComparer.Ordinal);
        return chosen.Contains;
    }

    /// <summary>Imports the architectures <paramref name="include"/> accepts; returns the replay devices' ids.</summary>
    public async Task<IReadOnlyList<string>> ImportAsync(
        Wire.Fleet.FleetClient fleet, Uri server, ImportPlan plan, string pass, Func<string, bool> include, bool skipStored, CancellationToken ct)
    {
        var ids = new List<string>();
        await steps.Console.Status().StartAsync($"Enrolling replay devices {string.Join(", ", plan.Columns.Select(c => c.Device))} from {plan.SourceName} ({pass})", async _ =>
        {
            var importer = new MeasurementImporter(fleet, server, QuickstartSteps.CallTimeout)
            {
                Include = include,
                Pass = pass,
                SkipStored = skipStored,
                DeviceDone = r => ids.Add(r.DeviceId),
            };
            var results = await importer.ImportAsync(plan, ct);
            steps.Done($"replay devices ({pass}): " + string.Join(", ", results.Select(r => $"{r.Device} {r.Accepted + r.Duplicates} measurements")));
        });
        return ids;
    }
}
