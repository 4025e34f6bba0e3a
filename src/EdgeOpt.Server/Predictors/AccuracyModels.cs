using System.Collections.Concurrent;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Storage;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// <see cref="IAccuracyModels"/>: pretrained accuracy predictors found in the models folder
/// (<c>&lt;space&gt;/accuracy-&lt;dataset&gt;.model</c>, loaded on first use) under the accuracies users reported.
/// </summary>
public sealed class AccuracyModels : IAccuracyModels
{
    /// <summary>The dataset Predict prefers when the space has it.</summary>
    public const string PreferredDataset = "cifar100";

    private readonly IFleetStore _store;
    private readonly ILogger<AccuracyModels> _logger;
    private readonly Dictionary<(string Space, string Dataset), Lazy<IAccuracySource?>> _pretrained = new();
    private readonly ConcurrentDictionary<(string Space, string Dataset), (long Version, IAccuracySource? Source)> _sources = new();
    private long _reports;

    public AccuracyModels(IFleetStore store, IOptions<ServerOptions> options, ILogger<AccuracyModels> logger)
    {
        _store = store;
        _logger = logger;
        if (ModelsFolder.Locate(options.Value.ModelsDirectory) is not { } folder) return;
        foreach (var space in SearchSpaces.All)
        {
            string spaceFolder = Path.Combine(folder, space.Id);
            if (!Directory.Exists(spaceFolder)) continue;
            foreach (string dataset in EdgeOpt.Learning.Persistence.PretrainedModels.AccuracyDatasets(folder, space.Id))
            {
                string file = EdgeOpt.Learning.Persistence.PretrainedModels.AccuracyPath(folder, space.Id, dataset);
                _pretrained[(space.Id, dataset)] = new Lazy<IAccuracySource?>(() => LoadPretrained(space, dataset, file));
            }
        }
    }

    public IAccuracySource? For(string space, string dataset)
    {
        if (!SearchSpaces.TryGet(space, out var searchSpace)) return null;
        dataset = dataset.Trim().ToLowerInvariant();
        long version = Interlocked.Read(ref _reports);
        if (_sources.TryGetValue((searchSpace.Id, dataset), out var cached) && cached.Version == version) return cached.Source;
        var model = _pretrained.TryGetValue((searchSpace.Id, dataset), out var lazy) ? lazy.Value : null;
        var reports = _store.Predictors.ReportedAccuracies(searchSpace.Id, dataset)
            .Select(r => (ToDesign(searchSpace, r.Design), r.Top1))
            .Where(r => r.Item1 is not null)
            .Select(r => (r.Item1!, r.Top1))
            .ToList();
        IAccuracySource? source = reports.Count == 0 ? model : new ReportedAccuracySource(searchSpace, dataset, model, reports);
        _sources[(searchSpace.Id, dataset)] = (version, source);
        return source;
    }

    public IReadOnlyList<string> Datasets(string space)
    {
        if (!SearchSpaces.TryGet(space, out var searchSpace)) return [];
        var names = _pretrained.Keys.Where(k => k.Space == searchSpace.Id).Select(k => k.Dataset)
            .Concat(_store.Predictors.ReportedAccuracies(searchSpace.Id, null).Select(r => r.Dataset))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return names.OrderBy(n => n == PreferredDataset ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal).ToList();
    }

    public string? DefaultDataset(string space) => Datasets(space).FirstOrDefault();

    /// <summary>Stores a user's measured accuracy; later <see cref="For"/> calls prefer it over the model.</summary>
    public void Report(string dataset, DesignRecord design, double top1, long nowUnixMs)
    {
        dataset = dataset.Trim().ToLowerInvariant();
        _store.Predictors.Upsert(new ReportedAccuracyRecord
        {
            Id = ReportedAccuracyRecord.IdOf(dataset, design),
            Dataset = dataset,
            Design = design,
            Top1 = top1,
            ReportedUnixMs = nowUnixMs,
        });
        Interlocked.Increment(ref _reports);
        _logger.LogInformation("Accuracy reported for {Design} on {Dataset}: {Top1:F2} %", design, dataset, top1);
    }

    private IAccuracySource? LoadPretrained(ISearchSpace space, string dataset, string file)
    {
        try
        {
            var source = ModelFiles.LoadAccuracy(file, space, dataset);
            _logger.LogInformation("Accuracy model {Space}/{Dataset} loaded from {File}", space.Id, dataset, file);
            return source;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            _logger.LogWarning("Accuracy model {File} not used: {Reason}", file, e.Message);
            return null;
        }
    }

    private static Design? ToDesign(ISearchSpace space, DesignRecord record)
    {
        if (!space.TryParse(record.Arch, out var architecture, out _)) return null;
        var precisions = record.Precisions.Select(PrecisionNames.Parse).ToArray();
        return new Design(architecture!, precisions.Length == 0
            ? QuantizationPolicy.Uniform(space.PrecisionSlots, Precision.Fp32)
            : new QuantizationPolicy(precisions));
    }
}
