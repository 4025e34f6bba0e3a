using System.Numerics;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// An architecture as the Gaussian model sees it: <see cref="Factor"/> = Lᵀψ(a) with ψ(a) = [φ(a), 1] and L Lᵀ the
/// prior covariance of a device's head, so the head part of the covariance of two architectures is a dot
/// product; <see cref="PriorMean"/> = ψ(a)·μ, the prior mean of its log cost; <see cref="Active"/> = the ones of its
/// one-hot features, position by position, for the per-option correction; <see cref="Counts"/> = its centered
/// option counts (see <see cref="ArchitectureFeaturizer.OptionCounts"/>); <see cref="Degenerate"/> = whether the
/// network's output is a constant (see <see cref="ArchitectureFeaturizer.IsDegenerate(EdgeOpt.Core.Spaces.Architecture)"/>).
/// </summary>
internal sealed record KernelPoint(double[] Factor, double PriorMean, int[] Active, double[] Counts, bool Degenerate);

/// <summary>
/// Hyperparameters of the prior for one device: the head covariance is scaled by <paramref name="HeadScale"/>, the
/// per-option correction has variance <paramref name="OptionVariance"/> (per architecture), and one measurement of
/// log cost has noise variance <paramref name="Noise"/>. With <paramref name="SeparateDegenerate"/>, architectures
/// whose output is a constant are taken out of the head model: their log costs share an offset of variance
/// <paramref name="DegenerateVariance"/> around their prior mean plus an independent spread of
/// <paramref name="DegenerateSpread"/> (a compiler that removes dead code runs next to nothing for them).
/// <paramref name="InteractionVariance"/> scales a second-order term (the squared share of common one-hot entries)
/// that lets pairs of choices interact; <paramref name="CountVariance"/> a linear effect of the option counts.
/// </summary>
internal readonly record struct KernelHyperparameters(
    double HeadScale, double OptionVariance, double Noise,
    bool SeparateDegenerate = false, double DegenerateVariance = 0, double DegenerateSpread = 0,
    double InteractionVariance = 0, double CountVariance = 0);

/// <summary>The parts of the kernel between two architectures that do not depend on the hyperparameters.</summary>
internal readonly record struct KernelParts(double Head, double Shared, double Counts);

/// <summary>
/// The prior covariance k(a, a') = s·Lᵀψ(a)·Lᵀψ(a') + τ²·c + κ²·c² + γ²·n(a)·n(a'), with c the share of one-hot
/// entries the two architectures have in common and n the centered option counts; under
/// <see cref="KernelHyperparameters.SeparateDegenerate"/>, ρ² between two degenerate architectures (+ω² on the
/// diagonal) and 0 between a degenerate and a regular one. It is computed in two steps: the parts that do not
/// depend on the hyperparameters (<see cref="Parts"/>), then <see cref="Combine"/>, so that many hyperparameter
/// settings can share the first step.
/// </summary>
internal static class DeepKernel
{
    public static double Between(KernelPoint a, KernelPoint b, KernelHyperparameters h) =>
        Combine(Parts(a, b), a.Degenerate, b.Degenerate, h);

    public static double Self(KernelPoint a, KernelHyperparameters h) => CombineSelf(Parts(a, a), a.Degenerate, h);

    public static KernelParts Parts(KernelPoint a, KernelPoint b) => new(Dot(a.Factor, b.Factor), SharedShare(a, b), Dot(a.Counts, b.Counts));

    private static double Dot(double[] a, double[] b)
    {
        var width = Vector<double>.Count;
        var i = 0;
        var sum = 0.0;
        if (a.Length >= 2 * width)
        {
            var acc = Vector<double>.Zero;
            for (; i <= a.Length - width; i += width) acc += new Vector<double>(a, i) * new Vector<double>(b, i);
            sum = Vector.Sum(acc);
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Share of one-hot entries the two architectures have in common (1 for the same architecture).</summary>
    private static double SharedShare(KernelPoint a, KernelPoint b)
    {
        var aa = a.Active;
        var ab = b.Active;
        var shared = 0;
        for (var i = 0; i < aa.Length; i++)
            if (aa[i] == ab[i]) shared++;
        return (double)shared / aa.Length;
    }

    public static double Combine(KernelParts parts, bool degenerateA, bool degenerateB, KernelHyperparameters h)
    {
        if (h.SeparateDegenerate && (degenerateA || degenerateB))
            return degenerateA && degenerateB ? h.DegenerateVariance : 0.0;
        return h.HeadScale * parts.Head + h.OptionVariance * parts.Shared
               + h.InteractionVariance * parts.Shared * parts.Shared + h.CountVariance * parts.Counts;
    }

    public static double CombineSelf(KernelParts parts, bool degenerate, KernelHyperparameters h) =>
        h.SeparateDegenerate && degenerate
            ? h.DegenerateVariance + h.DegenerateSpread
            : Combine(parts, false, false, h);
}
