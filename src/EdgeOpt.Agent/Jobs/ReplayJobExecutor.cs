using EdgeOpt.Contracts.V1;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using Precision = EdgeOpt.Contracts.V1.Precision;

namespace EdgeOpt.Agent.Jobs;

/// <summary>
/// Answers jobs from a recorded dataset in the import format: the latency of a job's architecture is the cell
/// of one device column (median = p90 = mean = the cell, one run, no spread), labelled replayed. Recordings hold
/// fp32 latencies of a space's architectures, so a job with another precision, another space, only an ONNX
/// model, or an architecture without a cell fails (not retryable: another try would find the same file). An
/// optional delay stands in for benchmark time, so a fleet of recorded devices behaves like real ones.
/// </summary>
public sealed class ReplayJobExecutor : IJobExecutor
{
    private readonly MeasurementTable _table;
    private readonly ISearchSpace _space;
    private readonly string _device;
    private readonly string _source;
    private readonly TimeSpan _delay;

    public ReplayJobExecutor(MeasurementTable table, ISearchSpace space, string device, string sourceName, TimeSpan delay = default)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _space = space ?? throw new ArgumentNullException(nameof(space));
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        if (!table.HasDevice(device))
            throw new ArgumentException(
                $"{sourceName} has no device column '{device}'; its columns are: {string.Join(", ", table.Devices)}", nameof(device));
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _device = device;
        _source = sourceName;
        _delay = delay;
    }

    /// <summary>Loads a recording (architectures checked against the space) and answers for one of its device columns.</summary>
    public static ReplayJobExecutor Load(string csvPath, string spaceId, string device, TimeSpan delay = default)
    {
        var space = SearchSpaces.Get(spaceId);
        var table = MeasurementCsv.Load(csvPath, space.Id, arch => space.TryParse(arch, out _, out var error) ? null : error);
        return new ReplayJobExecutor(table, space, device, Path.GetFileName(csvPath), delay);
    }

    public string Mode => "replay";

    /// <summary>The device column answered for.</summary>
    public string Device => _device;

    public async Task<JobOutcome> ExecuteAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        var outcome = Answer(job);
        if (_delay > TimeSpan.Zero) await Task.Delay(_delay, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private JobOutcome Answer(Job job)
    {
        var design = job.Design;
        if (design is null || (design.Space.Length == 0 && design.Arch.Length == 0))
            return JobOutcome.Failed(
                $"a replay agent answers designs of space {_space.Id} from {_source}; this job carries {(job.OnnxModel.IsEmpty ? "no design" : "only an ONNX model")}", retryable: false);
        if (!string.Equals(design.Space, _space.Id, StringComparison.OrdinalIgnoreCase))
            return JobOutcome.Failed(
                $"job.design.space is '{design.Space}'; this replay agent answers space {_space.Id} from {_source}", retryable: false);
        if (design.Precisions.Any(p => p != Precision.Fp32))
            return JobOutcome.Failed(
                $"{_source} holds fp32 latencies; the job asks for precisions {string.Join("-", design.Precisions)}", retryable: false);
        if (!_space.TryParse(design.Arch, out var architecture, out var error))
            return JobOutcome.Failed($"job.design.arch is not a {_space.Id} architecture: {error}", retryable: false);

        var canonical = _space.Format(architecture!);
        var row = _table.IndexOf(canonical);
        if (row < 0)
            return JobOutcome.Failed(
                $"{_source} has no row for architecture '{canonical}', so device '{_device}' has no recorded latency for it", retryable: false);
        if (_table[row, _device] is not { } latency)
            return JobOutcome.Failed(
                $"{_source} has an empty cell for architecture '{canonical}' in device column '{_device}' (not measured)", retryable: false);

        return JobOutcome.Measured(new Measurement
        {
            DeviceId = job.DeviceId,
            Design = design.Clone(),
            Latency = new LatencyStats
            {
                MedianMs = latency,
                P90Ms = latency,
                MeanMs = latency,
                StdevMs = 0,
                Runs = 1,
                RejectedOutliers = 0,
                RelativeStandardError = 0,
            },
            Provenance = Provenance.Replayed,
            Context = new MeasurementContext
            {
                Machine = _device,
                Runtime = $"replay of {_source}",
            },
            JobId = job.Id,
            MeasuredUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        });
    }
}
