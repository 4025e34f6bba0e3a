namespace EdgeOpt.Learning.Proxy;

/// <summary>Settings of the proxy-device workflow (<see cref="ProxyWorkflow"/>). Check them with <see cref="Validate"/>.</summary>
public sealed record ProxyOptions
{
    /// <summary>K: measurements taken on a new device before the first decision (at least 3).</summary>
    public int InitialSamples { get; init; } = 10;

    /// <summary>Cap on the measurements per new device, extra ones included (at least <see cref="InitialSamples"/>).</summary>
    public int MaxSamples { get; init; } = 50;

    /// <summary>Reuse the proxy when the lower bound of its Spearman interval is at least this (in (-1, 1]).</summary>
    public double Threshold { get; init; } = 0.9;

    /// <summary>Extra measurements asked for per round while the bound is below the threshold (at least 1).</summary>
    public int BatchSize { get; init; } = 5;

    /// <summary>
    /// Share of each extra batch chosen where the candidate predictors disagree most (in [0, 1]); the rest continues
    /// the representative random sample that the estimates use. Targeted points help the adaptation less than one
    /// might hope and take points from the estimate (on NAS-Bench-201 and FBNet, leave one device out: with 0.5
    /// fewer devices were reused and the adapted predictors were not better than with 0.2), hence the small default.
    /// </summary>
    public double DisagreementShare { get; init; } = 0.2;

    /// <summary>How many of the best-estimated proxies' calibrated predictions are compared to find disagreement (at least 1).</summary>
    public int ComparedProxies { get; init; } = 3;

    /// <summary>Which measurements the monotonicity estimates use.</summary>
    public ProxyEstimatePoints EstimateFrom { get; init; } = ProxyEstimatePoints.Representative;

    /// <summary>Bootstrap resamples per interval (at least 100; enough for the tail that <see cref="DecisionConfidence"/> reads).</summary>
    public int Resamples { get; init; } = 2000;

    /// <summary>Two-sided coverage of the bootstrap intervals (in (0, 1)); the decision reads the lower bound.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>
    /// Widen the intervals for choosing the best of m known devices (Bonferroni: coverage 1 - (1 - confidence) / m).
    /// The proxy is the device whose estimate came out highest, so its estimate is biased upwards by the choice;
    /// without the adjustment a device that only happened to rank the few measured architectures well is reused.
    /// </summary>
    public bool AdjustForSelection { get; init; } = true;

    /// <summary>
    /// How many of the best-estimated known devices enter the adaptation: 1 is Lu et al.'s (the proxy's log-latency
    /// scaled plus the per-operator correction); more add the further devices' standardized log-latencies as
    /// ridge-penalized terms; null = every known device.
    /// </summary>
    public int? AdaptationProxies { get; init; }

    /// <summary>Calibration of a reused proxy.</summary>
    public ProxyCalibrationKind Calibration { get; init; } = ProxyCalibrationKind.Affine;

    /// <summary>Seed of the representative sample and of the bootstrap resamples.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option and its allowed values.</summary>
    public ProxyOptions Validate()
    {
        if (InitialSamples < 3) Fail(nameof(InitialSamples), InitialSamples, "at least 3 measurements (a rank correlation needs several points)");
        if (MaxSamples < InitialSamples) Fail(nameof(MaxSamples), MaxSamples, $"at least {nameof(InitialSamples)} ({InitialSamples})");
        if (!(Threshold > -1 && Threshold <= 1)) Fail(nameof(Threshold), Threshold, "a Spearman correlation in (-1, 1], e.g. 0.9");
        if (BatchSize < 1) Fail(nameof(BatchSize), BatchSize, "at least 1");
        if (!(DisagreementShare >= 0 && DisagreementShare <= 1)) Fail(nameof(DisagreementShare), DisagreementShare, "a share in [0, 1]");
        if (ComparedProxies < 1) Fail(nameof(ComparedProxies), ComparedProxies, "at least 1");
        if (!Enum.IsDefined(EstimateFrom)) Fail(nameof(EstimateFrom), EstimateFrom, string.Join(", ", Enum.GetNames<ProxyEstimatePoints>()));
        if (AdaptationProxies is < 1) Fail(nameof(AdaptationProxies), AdaptationProxies, "at least 1, or null for every known device");
        if (Resamples < 100) Fail(nameof(Resamples), Resamples, "at least 100 bootstrap resamples");
        if (!(Confidence > 0 && Confidence < 1)) Fail(nameof(Confidence), Confidence, "strictly between 0 and 1, e.g. 0.95");
        if (!Enum.IsDefined(Calibration)) Fail(nameof(Calibration), Calibration, string.Join(", ", Enum.GetNames<ProxyCalibrationKind>()));
        return this;
    }

    /// <summary>Coverage of the intervals the decision reads when there are <paramref name="knownDevices"/> candidates.</summary>
    public double DecisionConfidence(int knownDevices) =>
        AdjustForSelection && knownDevices > 1 ? 1 - (1 - Confidence) / knownDevices : Confidence;

    private static void Fail(string name, object value, string allowed) =>
        throw new ArgumentException($"proxy option {name} is {value}; allowed: {allowed}", name);
}
