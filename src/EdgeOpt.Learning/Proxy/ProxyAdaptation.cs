namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// The adapted predictor of Lu et al.'s adaptation step, as stored with a decision (plain data):
/// ln(new) = <see cref="Intercept"/> + <see cref="Scale"/> × ln(proxy) + the sum of the per-option
/// <see cref="Corrections"/> the architecture takes (one per decision; for NAS-Bench-201 also those of its
/// effective cell) [+ the sum over <see cref="FurtherProxies"/> of coefficient × the device's standardized
/// ln-latency], fitted by ridge regression with penalty <see cref="Lambda"/> on everything but the intercept and
/// the scale.
/// </summary>
/// <param name="LooLogRmse">Root mean squared leave-one-out residual of ln(latency) on the fitted points.</param>
/// <param name="LooSpearman">Spearman correlation of the leave-one-out predictions with the measurements.</param>
/// <param name="ProxySpearman">Spearman correlation of the proxy alone with the measurements.</param>
/// <param name="Corrected">
/// Whether the corrections are used: only when their leave-one-out predictions rank the measurements better than
/// the proxy alone; otherwise the predictor is the scaled proxy (<see cref="Lambda"/> is then infinite).
/// </param>
/// <param name="Corrections">Feature name (e.g. "d3=nor_conv_3x3") to its additive log correction; zeros left out.</param>
/// <param name="FurtherProxies">Further known devices used, to the coefficient of their standardized ln-latency (empty: one proxy).</param>
public sealed record ProxyAdaptation(
    double Intercept, double Scale, double Lambda, double LooLogRmse, double LooSpearman, double ProxySpearman, bool Corrected, int Points,
    IReadOnlyDictionary<string, double> Corrections, IReadOnlyDictionary<string, double> FurtherProxies);
