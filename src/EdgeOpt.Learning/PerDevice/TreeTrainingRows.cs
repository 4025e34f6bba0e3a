using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.PerDevice;

/// <summary>
/// The input checks and labels shared by the tree trainers (per-device latency, accuracy): enough rows for the
/// folds, every architecture a member of the space and given once, every value turned into a label by the
/// trainer's own rule.
/// </summary>
internal static class TreeTrainingRows
{
    /// <summary>What the trainer calls its rows in error messages.</summary>
    /// <param name="Item">One row, e.g. "measurement".</param>
    /// <param name="Plural">The rows in the count check, e.g. "measurements".</param>
    /// <param name="Repeats">How to avoid a repeated architecture, e.g. "average repeated runs".</param>
    public sealed record Wording(string Item, string Plural, string Repeats);

    /// <summary>
    /// Checks <paramref name="rows"/> and returns their labels; <paramref name="label"/> gets the row index and value and
    /// throws its own error for a value the trainer does not accept.
    /// </summary>
    public static float[] Labels(
        ISearchSpace space, ArchitectureFeatures features, TreeSettings settings,
        IReadOnlyList<(Architecture Architecture, double Value)> rows, string parameter, Wording wording,
        Func<int, double, float> label)
    {
        ArgumentNullException.ThrowIfNull(rows, parameter);
        var minimum = TreeOptionChecks.MinimumRows(settings);
        if (rows.Count < minimum)
            throw new ArgumentException(
                $"{rows.Count} {wording.Plural} given; at least {minimum} are needed with " +
                $"Folds = {settings.Folds} and MinimumExampleCountPerLeaf = {settings.MinimumExampleCountPerLeaf}",
                parameter);

        var seen = new Dictionary<Architecture, int>();
        var labels = new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var (architecture, value) = rows[i];
            features.EnsureMember(architecture, parameter, i);
            if (!seen.TryAdd(architecture, i))
                throw new ArgumentException(
                    $"{wording.Item} {i} repeats the architecture of {wording.Item} {seen[architecture]} ({space.Format(architecture)}); " +
                    $"give each architecture once ({wording.Repeats})", parameter);
            labels[i] = label(i, value);
        }
        return labels;
    }
}
