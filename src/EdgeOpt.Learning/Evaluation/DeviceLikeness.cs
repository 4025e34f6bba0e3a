using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Statistics;

namespace EdgeOpt.Learning.Evaluation;

/// <summary>How like its closest other device a device of a table is: the highest Spearman correlation with any other device.</summary>
/// <param name="Device">The device.</param>
/// <param name="Nearest">The other device it ranks architectures most alike with.</param>
/// <param name="Spearman">Their Spearman correlation over the architectures both measured.</param>
public sealed record DeviceLikeness(string Device, string Nearest, double Spearman)
{
    /// <summary>
    /// Every device of the table with its nearest other device, least alike first (ties by name). A device measured on
    /// fewer than 3 architectures in common with every other one has no defined likeness and is left out.
    /// </summary>
    public static IReadOnlyList<DeviceLikeness> Of(MeasurementTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var devices = table.Devices;
        var best = new DeviceLikeness?[devices.Count];
        for (var i = 0; i < devices.Count; i++)
        {
            for (var j = i + 1; j < devices.Count; j++)
            {
                var rows = table.MeasuredRows([devices[i], devices[j]]);
                if (rows.Length < 3) continue;
                var rho = Correlation.Spearman(table.ValuesAt(devices[i], rows), table.ValuesAt(devices[j], rows));
                if (double.IsNaN(rho)) continue;
                if (best[i] is null || rho > best[i]!.Spearman) best[i] = new DeviceLikeness(devices[i], devices[j], rho);
                if (best[j] is null || rho > best[j]!.Spearman) best[j] = new DeviceLikeness(devices[j], devices[i], rho);
            }
        }
        return best.OfType<DeviceLikeness>()
            .OrderBy(l => l.Spearman).ThenBy(l => l.Device, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// The <paramref name="count"/> devices least like any other (the first of <paramref name="ranked"/>, as
    /// <see cref="Of"/> orders them), each its own fold: devices unlike every known one.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> UnlikeFolds(IReadOnlyList<DeviceLikeness> ranked, int count)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        if (count < 1 || count > ranked.Count - 1)
            throw new ArgumentException(
                $"folds: unlike:N holds out the N devices least like the rest, one per fold; N must be 1..{ranked.Count - 1} for this table ({ranked.Count} devices with a likeness), got {count}");
        return ranked.Take(count).Select(l => (IReadOnlyList<string>)[l.Device]).ToArray();
    }
}
