using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.PerDevice;

/// <summary>
/// A seeded split of one table column's measured rows into a training sample of a given size and the rest, with
/// the architectures parsed in the table's space.
/// </summary>
internal sealed record HoldoutSplit(
    ISearchSpace Space,
    IReadOnlyList<Architecture> TrainArchitectures,
    double[] TrainValues,
    IReadOnlyList<Architecture> TestArchitectures,
    double[] TestValues)
{
    public static HoldoutSplit Draw(MeasurementTable table, string column, int trainCount, int seed, string trainCountName)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(column);
        var space = SearchSpaces.Get(table.SpaceId);
        int[] rows = table.MeasuredRows(column);
        if (trainCount < 1 || trainCount > rows.Length - 2)
            throw new ArgumentOutOfRangeException(trainCountName, trainCount,
                $"column '{column}' has {rows.Length} measured rows; allowed: 1..{rows.Length - 2} (at least two must remain to test on)");
        new Random(seed).Shuffle(rows);
        int[] train = rows[..trainCount], test = rows[trainCount..];
        return new HoldoutSplit(
            space,
            train.Select(r => space.Parse(table.Architectures[r])).ToArray(),
            table.ValuesAt(column, train),
            test.Select(r => space.Parse(table.Architectures[r])).ToArray(),
            table.ValuesAt(column, test));
    }
}
