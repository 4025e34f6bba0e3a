using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;

namespace EdgeOpt.Learning.Optimization.Accuracy;

/// <summary>
/// Accuracy read from a table of trained networks (e.g. nb201/accuracy.csv, one column per dataset): exact figures,
/// so the interval is the point itself. Rows with an empty cell are left out. Thread-safe.
/// </summary>
public sealed class TableAccuracySource : IAccuracySource
{
    private readonly Dictionary<Architecture, double> _top1;
    private readonly Architecture[] _architectures;

    public TableAccuracySource(MeasurementTable table, ISearchSpace space, string metric, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        if (table.SpaceId != space.Id)
            throw new ArgumentException($"the accuracy table holds search space '{table.SpaceId}', not '{space.Id}'", nameof(table));
        if (!table.HasDevice(metric))
            throw new ArgumentException(
                $"accuracy metric '{metric}' is not a column of the table; available: {string.Join(", ", table.Devices)}", nameof(metric));
        var column = table.Column(metric);
        _top1 = new Dictionary<Architecture, double>(table.RowCount);
        var order = new List<Architecture>(table.RowCount);
        for (var row = 0; row < table.RowCount; row++)
        {
            if (column[row] is not { } value) continue;
            if (!space.TryParse(table.Architectures[row], out var architecture, out var error))
                throw new ArgumentException($"accuracy table row {row}: '{table.Architectures[row]}' is not a '{space.Id}' architecture: {error}", nameof(table));
            if (value > 100)
                throw new ArgumentException($"accuracy table row {row}, column '{metric}': {value} is not a percentage (0..100)", nameof(table));
            _top1[architecture!] = value;
            order.Add(architecture!);
        }
        if (order.Count == 0) throw new ArgumentException($"accuracy column '{metric}' holds no value", nameof(metric));
        _architectures = order.ToArray();
        Space = space;
        Metric = metric;
        Name = name ?? $"table:{metric}";
    }

    public string Name { get; }

    public string Metric { get; }

    public ISearchSpace Space { get; }

    public AccuracyProvenance Provenance => AccuracyProvenance.Measured;

    public IReadOnlyList<Architecture> Architectures => _architectures;

    public bool Contains(Architecture architecture) => _top1.ContainsKey(architecture);

    public double Top1(Architecture architecture) =>
        _top1.TryGetValue(architecture, out var v)
            ? v
            : throw new KeyNotFoundException($"the accuracy table '{Name}' has no value for {Space.Format(architecture)}");

    public AccuracyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var result = new AccuracyPrediction[architectures.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var v = Top1(architectures[i]);
            result[i] = new AccuracyPrediction(v, v, v);
        }
        return result;
    }
}
