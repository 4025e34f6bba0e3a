using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Jobs;
using EdgeOpt.Server.Storage;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// Signature sets chosen by the space's latest predictor (its <see cref="ILatencyModel.ChooseMeasurements"/> over the
/// space's candidates, K = <see cref="ServerOptions.SignatureSetSize"/>), or by <see cref="SpreadSignatureSetProvider"/>
/// when the space has no predictor. Each set is computed once and kept in the store (keyed by the predictor version
/// or by the spread settings), so restarts and later enrollments do not pay for it again.
/// </summary>
public sealed class PredictorSignatureSetProvider(
    PredictorCatalog catalog,
    SpreadSignatureSetProvider spread,
    IFleetStore store,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ILogger<PredictorSignatureSetProvider> logger) : ISignatureSetProvider
{
    /// <summary>Sets chosen by a model, by (model SHA-256, K), shared by every server in the process.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> ByModel = new(StringComparer.Ordinal);

    private readonly object _gate = new();

    public IReadOnlyList<string> SignatureSet(string space)
    {
        var searchSpace = SearchSpaces.Get(space);
        int k = options.Value.SignatureSetSize;
        var latest = catalog.Latest(searchSpace.Id);
        string key = latest is not null
            ? $"{latest.Record.Id}|k{k}"
            : $"spread|{searchSpace.Id}|k{k}|s{options.Value.SignatureSeed}";
        lock (_gate)
        {
            if (store.Predictors.FindSignatureSet(key) is { } kept) return kept.Architectures;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            IReadOnlyList<string> chosen;
            if (latest is null) chosen = spread.SignatureSet(searchSpace.Id);
            else if (latest.Record.ModelSha256.Length > 0)
                chosen = ByModel.GetOrAdd($"{latest.Record.ModelSha256}|k{k}", _ => Choose(latest, searchSpace, k));
            else chosen = Choose(latest, searchSpace, k);
            store.Predictors.Upsert(new SignatureSetRecord
            {
                Id = key,
                Architectures = chosen.ToArray(),
                CreatedUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            });
            logger.LogInformation("Signature set {SignatureSetKey}: {Count} architectures chosen in {Ms:F0} ms by {Chooser}",
                key, chosen.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                latest is not null ? latest.Source : "spread");
            return chosen;
        }
    }

    /// <summary>
    /// The model's first K choices with nothing measured yet. A model that asks to see values before choosing more
    /// (adaptive design) returns fewer; the set then holds those.
    /// </summary>
    private static IReadOnlyList<string> Choose(LoadedPredictor latest, ISearchSpace space, int k)
    {
        var candidates = SpaceCandidates.Of(space);
        var picks = latest.Model.ChooseMeasurements(candidates, [], Math.Min(k, candidates.Count));
        return picks.Select(i => space.Format(candidates[i])).ToArray();
    }
}
