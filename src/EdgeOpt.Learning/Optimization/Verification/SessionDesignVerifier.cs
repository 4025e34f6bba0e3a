using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Evaluation;

namespace EdgeOpt.Learning.Optimization.Verification;

/// <summary>
/// Verification in evaluation: reads the design's cell of the test table through a <see cref="DeviceMeasurementSession"/>
/// (every read counts against the session's budget). Only fp32 designs have cells; others cannot be measured here.
/// </summary>
public sealed class SessionDesignVerifier : IDesignVerifier
{
    private readonly DeviceMeasurementSession _session;
    private readonly Dictionary<Architecture, int> _index;

    public SessionDesignVerifier(DeviceMeasurementSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _index = new Dictionary<Architecture, int>(session.Candidates.Count);
        for (var i = 0; i < session.Candidates.Count; i++) _index.TryAdd(session.Candidates[i], i);
    }

    public DeviceMeasurementSession Session => _session;

    public ValueTask<DesignMeasurement?> MeasureAsync(Design design, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(design);
        cancellationToken.ThrowIfCancellationRequested();
        if (design.Policy.Slots.Any(s => s != Precision.Fp32)
            || !_index.TryGetValue(design.Architecture, out var candidate)
            || _session.WasMeasured(candidate)
            || _session.Remaining <= 0)
            return ValueTask.FromResult<DesignMeasurement?>(null);
        var observation = _session.Measure(candidate);
        return ValueTask.FromResult<DesignMeasurement?>(new DesignMeasurement(design, observation.Value));
    }
}
