using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Learning.Evaluation;

/// <summary>
/// A new device as a method sees it during evaluation: the architectures that can be measured there (the cells
/// of its column that hold a positive value) and a budget of reads. Every read counts; a cell is read at most once;
/// values of cells not read are never exposed.
/// </summary>
public sealed class DeviceMeasurementSession
{
    private readonly double[] _hidden;
    private readonly bool[] _read;
    private readonly List<LatencyObservation> _observations = [];

    public DeviceMeasurementSession(string device, IReadOnlyList<Architecture> architectures, IReadOnlyList<double> values, int budget)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        ArgumentNullException.ThrowIfNull(values);
        if (architectures.Count != values.Count)
            throw new ArgumentException($"{architectures.Count} architectures for {values.Count} values", nameof(values));
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        Device = device;
        Candidates = architectures;
        _hidden = values.ToArray();
        _read = new bool[_hidden.Length];
        Budget = budget;
    }

    public string Device { get; }

    /// <summary>The architectures that can be measured on this device.</summary>
    public IReadOnlyList<Architecture> Candidates { get; }

    public int Budget { get; }

    public int Measured => _observations.Count;

    public int Remaining => Budget - Measured;

    public IReadOnlyList<LatencyObservation> Observations => _observations;

    public bool WasMeasured(int candidate) => _read[candidate];

    /// <summary>Reads one cell; throws when the budget is spent or the cell was already read.</summary>
    public LatencyObservation Measure(int candidate)
    {
        if ((uint)candidate >= (uint)_hidden.Length)
            throw new ArgumentOutOfRangeException(nameof(candidate), candidate, $"device '{Device}' has candidates 0..{_hidden.Length - 1}");
        if (_read[candidate])
            throw new InvalidOperationException($"device '{Device}': candidate {candidate} ({Candidates[candidate]}) was already measured");
        if (Remaining <= 0)
            throw new InvalidOperationException($"device '{Device}': the budget of {Budget} measurements is spent");
        _read[candidate] = true;
        var observation = new LatencyObservation(Candidates[candidate], _hidden[candidate]);
        _observations.Add(observation);
        return observation;
    }

    /// <summary>
    /// Lets the model choose and take measurements until the budget is spent or it has nothing left to choose.
    /// </summary>
    public void MeasureWith(ILatencyModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        while (Remaining > 0)
        {
            var picks = model.ChooseMeasurements(Candidates, Observations, Remaining);
            if (picks.Count == 0) break;
            if (picks.Count > Remaining)
                throw new InvalidOperationException($"method '{model.Method}' asked for {picks.Count} measurements with {Remaining} left");
            foreach (var pick in picks) Measure(pick);
        }
    }

    /// <summary>The hidden values, for scoring once measuring is over.</summary>
    internal double ValueForScoring(int candidate) => _hidden[candidate];
}
