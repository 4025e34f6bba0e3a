using EdgeOpt.Learning.Optimization.Verification;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Optimization.Accuracy;

namespace EdgeOpt.Learning.Optimization.Evaluation;

/// <summary>What <c>edgeopt eval optimize</c> evaluates (evaluation guide, section 3); a record so that variants are <c>with</c> copies.</summary>
public sealed record OptimizeEvaluationSetup
{
    public required ISearchSpace Space { get; init; }

    /// <summary>Known devices' measurements; null = no device is known.</summary>
    public MeasurementTable? Train { get; init; }

    /// <summary>Known devices to use (all of <see cref="Train"/>'s when null). A test device is never trained on.</summary>
    public IReadOnlyList<string>? TrainDevices { get; init; }

    /// <summary>Measurements per known device that may be used (all when null).</summary>
    public int? TrainSamples { get; init; }

    /// <summary>The new devices' measurements: hidden from the optimizer except for the cells it reads.</summary>
    public required MeasurementTable Test { get; init; }

    /// <summary>Devices to treat as new (all of <see cref="Test"/>'s when null).</summary>
    public IReadOnlyList<string>? TestDevices { get; init; }

    /// <summary>
    /// One fold per test device: each is evaluated with a model trained on every training device but itself (the
    /// leave-one-device-out protocol, for a training table that is the test table). Otherwise one model is trained
    /// on the training devices minus all test devices.
    /// </summary>
    public bool LeaveOneDeviceOut { get; init; }

    /// <summary>K: measurements the latency model may take on each new device.</summary>
    public int Samples { get; init; } = 10;

    public int Seed { get; init; }

    /// <summary>"latency" (cells and budgets in ms) or "energy" (mJ).</summary>
    public string Target { get; init; } = "latency";

    /// <summary>The accuracy the optimizer maximizes and the evaluation scores (e.g. a table's cifar100 column).</summary>
    public required IAccuracySource Accuracy { get; init; }

    /// <summary>Budgets per device (values in ms); devices not listed get <see cref="BudgetQuantiles"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? Budgets { get; init; }

    /// <summary>Quantiles (0..1, exclusive) of each device's true costs over its measured architectures.</summary>
    public IReadOnlyList<double> BudgetQuantiles { get; init; } = [0.1, 0.3, 0.5, 0.7, 0.9];

    /// <summary>V: extra measurements per decision to check the chosen design before answering.</summary>
    public int Verify { get; init; }

    /// <summary>
    /// Of the K measurements, how many the latency model chooses; the rest are taken on the predicted
    /// accuracy/latency front (<see cref="Measurement.FrontierMeasurements"/>). Null: half of K, rounded up (with fallback-placed fronts, 5 of 10 gave a lower V = 1 regret than 6 of 10 on all three seeds).
    /// K: the model chooses all.
    /// </summary>
    public int? SignatureMeasurements { get; init; }

    /// <summary>Where the measurements after the signature go (see <see cref="Measurement.FrontierMeasurements"/>).</summary>
    public Measurement.FrontPlacement FrontPlacement { get; init; } = DefaultFrontPlacement;

    /// <summary>The <see cref="FrontPlacement"/> used when none is given.</summary>
    /// <remarks>
    /// Fallbacks: on the shared data's leave-one-device-out folds (seeds 0-2) it lowered the mean regret at V = 1 (with
    /// the certified fallback) and at V = 0 against the most-uncertain placement (docs/optimization-evaluation.md).
    /// </remarks>
    public static Measurement.FrontPlacement DefaultFrontPlacement => Measurement.FrontPlacement.Fallbacks;

    /// <summary>
    /// With verification: the confidence at which an unmeasured design may be answered after a failed verification
    /// (<see cref="Verification.VerifiedOptimizer.CertifiedFallbackConfidence"/>); null = measured fallbacks only.
    /// </summary>
    public double? CertifiedFallbackConfidence { get; init; } = DefaultCertifiedFallbackConfidence;

    /// <summary>The <see cref="CertifiedFallbackConfidence"/> used when none is given.</summary>
    public static double? DefaultCertifiedFallbackConfidence => Verification.VerifiedOptimizer.DefaultCertifiedFallbackConfidence;

    /// <summary>Without verification: <see cref="VerifiedOptimizer.UnmodeledMissRate"/>; null = trust the predictor's P(fit).</summary>
    public double? UnmodeledMissRate { get; init; } = VerifiedOptimizer.DefaultUnmodeledMissRate;

    /// <summary>With verification: the confidences the verifier chooses its target among (<see cref="VerifiedOptimizer.ConfidenceLadder"/>).</summary>
    public IReadOnlyList<double> VerificationLadder { get; init; } = VerifiedOptimizer.DefaultLadder;

    /// <summary>
    /// With <see cref="Measurement.FrontPlacement.Fallbacks"/>: the probability with which each front measurement must fit
    /// under its predicted-latency quantile (<see cref="Measurement.FrontierMeasurements.FallbackConfidence"/>).
    /// </summary>
    public double PlacementConfidence { get; init; } = Measurement.FrontierMeasurements.DefaultFallbackConfidence;

    /// <summary>With <see cref="Measurement.FrontPlacement.Fallbacks"/>: the order in which the quantile slots are measured.</summary>
    public Measurement.FallbackOrder FallbackOrder { get; init; } = Measurement.FallbackOrder.SlowestFirst;

    /// <summary>The signature part of K actually used.</summary>
    public int SignatureCount => SignatureMeasurements ?? (int)Math.Ceiling(0.5 * Samples);

    /// <summary>
    /// Required probability that the answer fits the budget under the predictor; by default
    /// <see cref="DefaultConfidence"/> for <see cref="Verify"/>.
    /// </summary>
    public double Confidence
    {
        get => _confidence ?? DefaultConfidence(Verify);
        init => _confidence = value;
    }

    private readonly double? _confidence;

    /// <summary>The confidence used when none is given: <see cref="VerifiedOptimizer.DefaultConfidence"/>.</summary>
    public static double DefaultConfidence(int verify) => VerifiedOptimizer.DefaultConfidence(verify);
}
