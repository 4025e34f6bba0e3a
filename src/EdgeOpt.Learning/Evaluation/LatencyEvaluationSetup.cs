using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Evaluation;

/// <summary>What <c>edgeopt eval latency</c> evaluates (see docs: evaluation guide, section 1).</summary>
public sealed class LatencyEvaluationSetup
{
    public required ISearchSpace Space { get; init; }

    /// <summary>Known devices' measurements; null = no device is known.</summary>
    public MeasurementTable? Train { get; init; }

    /// <summary>Known devices to use (all of <see cref="Train"/>'s when null). Test devices are always left out.</summary>
    public IReadOnlyList<string>? TrainDevices { get; init; }

    /// <summary>Measurements per known device that may be used (all when null).</summary>
    public int? TrainSamples { get; init; }

    /// <summary>The new devices' measurements (hidden from the method except for the cells it reads).</summary>
    public required MeasurementTable Test { get; init; }

    /// <summary>Devices to treat as new (all of <see cref="Test"/>'s when null).</summary>
    public IReadOnlyList<string>? TestDevices { get; init; }

    /// <summary>K: measurements the method may take on each new device.</summary>
    public int Samples { get; init; } = 10;

    public int Seed { get; init; }

    /// <summary>What the cells measure: "latency" (ms) or "energy" (mJ). Labels only; the models are unit-free.</summary>
    public string Target { get; init; } = "latency";
}
