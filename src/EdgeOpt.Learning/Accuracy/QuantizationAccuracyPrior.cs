using System.Collections.Concurrent;
using System.Globalization;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Accuracy;

/// <summary>
/// Estimates the top-1 accuracy of a quantized design from its fp32 accuracy: fp32 minus a fixed penalty per
/// quantization slot run in int8 (and, optionally, per slot in fp16), floored at 0. The penalties are an
/// estimate, not a measurement; every result says so (<see cref="AccuracyProvenance.Estimated"/> with the
/// prior's <see cref="Name"/>) until a user reports a measured accuracy for that exact design
/// (<see cref="Report"/>), which then wins. Reports live in memory only. Thread-safe.
/// </summary>
public sealed class QuantizationAccuracyPrior
{
    /// <summary>
    /// Default int8 penalty per NAS-Bench-201 stage, in top-1 points: 3 stages, so 0.45 for a fully int8 network.
    /// Why this order of magnitude (an estimate, not measured on this data): post-training int8 quantization with
    /// per-channel symmetric weights and calibrated asymmetric activations (the QDQ format this project writes,
    /// as in Jacob et al., CVPR 2018, and Krishnamoorthi's 2018 quantization whitepaper) typically costs a few
    /// tenths of a top-1 point on ResNet-style networks of plain 3x3 and 1x1 convolutions, which is what a
    /// NAS-Bench-201 network is.
    /// </summary>
    public const double DefaultNb201Int8PenaltyPerStage = 0.15;

    /// <summary>
    /// Default int8 penalty per FBNet layer, in top-1 points: 22 layers, so 0.66 for a fully int8 network.
    /// An estimate: FBNet's blocks are MobileNet-v2-style inverted residuals with depthwise convolutions, whose
    /// per-channel ranges vary more and which lose more under post-training int8 than plain convolutions
    /// (reported losses for MobileNet-v2 range from under one to a couple of points), spread here over its
    /// 22 searchable layers. Parameter-free "skip" layers are charged the same; a refinement could exempt them.
    /// </summary>
    public const double DefaultFbnetInt8PenaltyPerLayer = 0.03;

    private readonly ConcurrentDictionary<Design, double> _reports = new();

    /// <summary>Penalties and name of a prior.</summary>
    public sealed class Options
    {
        /// <summary>Top-1 points lost per slot run in int8; finite, 0..100.</summary>
        public required double Int8PenaltyPerSlot { get; init; }

        /// <summary>Top-1 points lost per slot run in fp16; finite, 0..100. Default 0: fp16 inference of these
        /// networks is within run-to-run noise of fp32.</summary>
        public double Fp16PenaltyPerSlot { get; init; }

        /// <summary>Shown as the source of every estimate; null = built from the space and the penalties.</summary>
        public string? Name { get; init; }
    }

    /// <summary>Checks the options first; a bad one is named with its allowed values.</summary>
    public QuantizationAccuracyPrior(ISearchSpace space, Options options)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        CheckPenalty(options.Int8PenaltyPerSlot, nameof(Options.Int8PenaltyPerSlot));
        CheckPenalty(options.Fp16PenaltyPerSlot, nameof(Options.Fp16PenaltyPerSlot));
        if (options.Name is not null && string.IsNullOrWhiteSpace(options.Name))
            throw new ArgumentException($"{nameof(QuantizationAccuracyPrior)}.Options.Name is blank; give a name or leave it null", nameof(options));
        Space = space;
        Int8PenaltyPerSlot = options.Int8PenaltyPerSlot;
        Fp16PenaltyPerSlot = options.Fp16PenaltyPerSlot;
        Name = options.Name ?? string.Create(CultureInfo.InvariantCulture,
            $"per-slot-prior({space.Id}: int8 -{Int8PenaltyPerSlot:0.###}, fp16 -{Fp16PenaltyPerSlot:0.###} per slot)");
    }

    /// <summary>
    /// The default prior of a known space: NAS-Bench-201 <see cref="DefaultNb201Int8PenaltyPerStage"/>, FBNet
    /// <see cref="DefaultFbnetInt8PenaltyPerLayer"/>, fp16 free. Other spaces need explicit <see cref="Options"/>.
    /// </summary>
    public static QuantizationAccuracyPrior Default(ISearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        double int8 = space.Id switch
        {
            Nb201Space.SpaceId => DefaultNb201Int8PenaltyPerStage,
            FbnetSpace.SpaceId => DefaultFbnetInt8PenaltyPerLayer,
            _ => throw new ArgumentException(
                $"no default quantization prior for search space '{space.Id}'; defaults exist for " +
                $"{Nb201Space.SpaceId}, {FbnetSpace.SpaceId}; pass {nameof(QuantizationAccuracyPrior)}.Options for others",
                nameof(space)),
        };
        return new QuantizationAccuracyPrior(space, new Options
        {
            Int8PenaltyPerSlot = int8,
            Name = string.Create(CultureInfo.InvariantCulture, $"default-int8-ptq-prior({space.Id}: -{int8:0.###} per int8 slot)"),
        });
    }

    public ISearchSpace Space { get; }

    public string Name { get; }

    public double Int8PenaltyPerSlot { get; }

    public double Fp16PenaltyPerSlot { get; }

    /// <summary>
    /// The design's accuracy: the measured value if one was reported for this exact design, otherwise
    /// max(0, <paramref name="fp32Accuracy"/> - int8 slots x int8 penalty - fp16 slots x fp16 penalty), labelled
    /// estimated with this prior's name.
    /// </summary>
    /// <param name="fp32Accuracy">Top-1 percent of the architecture in fp32 (measured or predicted), finite, 0..100.</param>
    public AccuracyEstimate Estimate(Design design, double fp32Accuracy)
    {
        CheckDesign(design);
        CheckAccuracy(fp32Accuracy, nameof(fp32Accuracy));
        if (_reports.TryGetValue(design, out var measured))
            return new AccuracyEstimate(measured, AccuracyProvenance.Measured, "reported by the user");
        return new AccuracyEstimate(
            Math.Max(0.0, fp32Accuracy - Penalty(design.Policy)), AccuracyProvenance.Estimated, Name);
    }

    /// <summary>Top-1 points the prior takes off for a policy (0 for all fp32).</summary>
    public double Penalty(QuantizationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        CheckSlots(policy, nameof(policy));
        double penalty = 0;
        foreach (var slot in policy.Slots)
        {
            penalty += slot switch
            {
                Precision.Int8 => Int8PenaltyPerSlot,
                Precision.Fp16 => Fp16PenaltyPerSlot,
                _ => 0.0,
            };
        }
        return penalty;
    }

    /// <summary>
    /// Records a user's measured top-1 (percent, finite, 0..100) for one design; from then on
    /// <see cref="Estimate"/> returns it for that design. A later report for the same design replaces it.
    /// </summary>
    public void Report(Design design, double measuredTop1)
    {
        CheckDesign(design);
        CheckAccuracy(measuredTop1, nameof(measuredTop1));
        _reports[design] = measuredTop1;
    }

    public bool TryGetReported(Design design, out double measuredTop1)
    {
        ArgumentNullException.ThrowIfNull(design);
        return _reports.TryGetValue(design, out measuredTop1);
    }

    /// <summary>A snapshot of the reported accuracies, for persisting them.</summary>
    public IReadOnlyDictionary<Design, double> Reports => new Dictionary<Design, double>(_reports);

    private void CheckDesign(Design design)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (design.SpaceId != Space.Id)
            throw new ArgumentException(
                $"design belongs to search space '{design.SpaceId}'; this prior is for '{Space.Id}'", nameof(design));
        CheckSlots(design.Policy, nameof(design));
    }

    private void CheckSlots(QuantizationPolicy policy, string paramName)
    {
        if (policy.Slots.Count != Space.PrecisionSlots)
            throw new ArgumentException(
                $"quantization policy has {policy.Slots.Count} slots; search space '{Space.Id}' has {Space.PrecisionSlots}",
                paramName);
    }

    private static void CheckAccuracy(double value, string paramName)
    {
        if (!(double.IsFinite(value) && value >= 0 && value <= 100))
            throw new ArgumentOutOfRangeException(paramName, value, "top-1 accuracy is a percentage: finite, 0..100");
    }

    private static void CheckPenalty(double value, string option)
    {
        if (!(double.IsFinite(value) && value >= 0 && value <= 100))
            throw new ArgumentOutOfRangeException("options", value,
                $"{nameof(QuantizationAccuracyPrior)}.Options.{option} is {value}; allowed: finite, 0..100 (top-1 points per slot)");
    }
}
