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
/// </summary>
internal readonly record struct KernelHyperparameters(
    double HeadScale, double OptionVariance, double Noise,
    bool SeparateDegenerate = false, double DegenerateVariance = 0, double DegenerateSpread = 0);

/// <summary>
/// The prior covariance k(a, a') = s·Lᵀψ(a)·Lᵀψ(a') + τ²·(shared one-hot entries)/(entries per architecture);
/// under <see cref="KernelHyperparameters.SeparateDegenerate"/>, ρ² between two degenerate architectures (+ω² on
/// the diagonal) and 0 between a degenerate and a regular one.
/// </summary>
internal static class DeepKernel
{
    public static double Between(KernelPoint a, KernelPoint b, KernelHyperparameters h)
    {
        if (h.SeparateDegenerate && (a.Degenerate || b.Degenerate))
            return a.Degenerate && b.Degenerate ? h.DegenerateVariance : 0.0;
        var head = 0.0;
        var fa = a.Factor;
        var fb = b.Factor;
        for (var i = 0; i < fa.Length; i++) head += fa[i] * fb[i];
        var value = h.HeadScale * head;
        if (h.OptionVariance > 0)
        {
            var shared = 0;
            var aa = a.Active;
            var ab = b.Active;
            for (var i = 0; i < aa.Length; i++)
                if (aa[i] == ab[i]) shared++;
            value += h.OptionVariance * shared / aa.Length;
        }
        return value;
    }

    public static double Self(KernelPoint a, KernelHyperparameters h)
    {
        if (h.SeparateDegenerate && a.Degenerate) return h.DegenerateVariance + h.DegenerateSpread;
        var head = 0.0;
        foreach (var v in a.Factor) head += v * v;
        return h.HeadScale * head + h.OptionVariance;
    }
}
