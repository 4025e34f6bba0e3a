using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Server.Predictors;

/// <summary>Predictor ids: one latency predictor per search space, "&lt;space&gt;-latency".</summary>
public static class PredictorIds
{
    public const string LatencySuffix = "-latency";

    public static string Latency(string space) => space + LatencySuffix;

    /// <summary>Every predictor id the server can hold, for error messages.</summary>
    public static IReadOnlyList<string> All { get; } = SearchSpaces.Ids.Select(Latency).ToArray();

    /// <summary>The space of a latency predictor id, or null when the id is not one.</summary>
    public static string? SpaceOf(string predictorId) =>
        predictorId.EndsWith(LatencySuffix, StringComparison.Ordinal) && SearchSpaces.TryGet(predictorId[..^LatencySuffix.Length], out var space)
            ? space.Id
            : null;
}
