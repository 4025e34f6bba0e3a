namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// An architecture as the Gaussian model sees it: <see cref="Factor"/> = Lᵀψ(a) with ψ(a) = [φ(a), 1] and L Lᵀ the
/// prior covariance of a device's head, so the head part of the covariance of two architectures is a dot
/// product; <see cref="PriorMean"/> = ψ(a)·μ, the prior mean of its log cost; <see cref="Active"/> = the ones of its
/// one-hot features, position by position, for the per-option correction; <see cref="Degenerate"/> = whether the
/// network's output is a constant (see <see cref="ArchitectureFeaturizer.IsDegenerate"/>).
/// </summary>
internal sealed record KernelPoint(double[] Factor, double PriorMean, int[] Active, bool Degenerate);

/// <summary>
/// Hyperparameters of the prior for one device: the head covariance is scaled by <paramref name="HeadScale"/>, the
/// per-option correction has variance <paramref name="OptionVariance"/> (per architecture), and one measurement of
/// log cost has noise variance <paramref name="Noise"/>. With <paramref name="SeparateDegenerate"/>, architectures
/// whose output is a constant are taken out of the head model: their log costs share an offset of variance
/// <paramref name="DegenerateVariance"/> around their prior mean plus an independent spread of
/// <paramref name="DegenerateSpread"/> (a compiler that removes dead code runs next to nothing for them).
/// <paramref name="InteractionVariance"/> scales a second-order term (the squared share of common one-hot entries)
/// that lets pairs of choices interact.
/// </summary>
internal readonly record struct KernelHyperparameters(
    double HeadScale, double OptionVariance, double Noise,
    bool SeparateDegenerate = false, double DegenerateVariance = 0, double DegenerateSpread = 0,
    double InteractionVariance = 0);

/// <summary>
/// The prior covariance k(a, a') = s·Lᵀψ(a)·Lᵀψ(a') + τ²·c + κ²·c², with c the share of one-hot entries the two
/// architectures have in common;
/// under <see cref="KernelHyperparameters.SeparateDegenerate"/>, ρ² between two degenerate architectures (+ω² on
/// the diagonal) and 0 between a degenerate and a regular one. It is computed in two steps: the parts that do not
/// depend on the hyperparameters (<see cref="HeadProduct"/>, <see cref="SharedShare"/>), then <see cref="Combine"/>,
/// so that many hyperparameter settings can share the first step.
/// </summary>
internal static class DeepKernel
{
    public static double Between(KernelPoint a, KernelPoint b, KernelHyperparameters h) =>
        Combine(HeadProduct(a, b), SharedShare(a, b), a.Degenerate, b.Degenerate, h);

    public static double Self(KernelPoint a, KernelHyperparameters h) => CombineSelf(HeadProduct(a, a), a.Degenerate, h);

    /// <summary>Lᵀψ(a)·Lᵀψ(b).</summary>
    public static double HeadProduct(KernelPoint a, KernelPoint b)
    {
        var fa = a.Factor;
        var fb = b.Factor;
        var sum = 0.0;
        for (var i = 0; i < fa.Length; i++) sum += fa[i] * fb[i];
        return sum;
    }

    /// <summary>Share of one-hot entries the two architectures have in common (1 for the same architecture).</summary>
    public static double SharedShare(KernelPoint a, KernelPoint b)
    {
        var aa = a.Active;
        var ab = b.Active;
        var shared = 0;
        for (var i = 0; i < aa.Length; i++)
            if (aa[i] == ab[i]) shared++;
        return (double)shared / aa.Length;
    }

    public static double Combine(double headProduct, double sharedShare, bool degenerateA, bool degenerateB, KernelHyperparameters h)
    {
        if (h.SeparateDegenerate && (degenerateA || degenerateB))
            return degenerateA && degenerateB ? h.DegenerateVariance : 0.0;
        return h.HeadScale * headProduct + h.OptionVariance * sharedShare + h.InteractionVariance * sharedShare * sharedShare;
    }

    public static double CombineSelf(double headProduct, bool degenerate, KernelHyperparameters h) =>
        h.SeparateDegenerate && degenerate
            ? h.DegenerateVariance + h.DegenerateSpread
            : h.HeadScale * headProduct + h.OptionVariance + h.InteractionVariance;
}
