namespace EdgeOpt.Learning.Proxy;

/// <summary>One round of the workflow: after <see cref="Measured"/> measurements, the best proxy and its Spearman interval.</summary>
/// <param name="Representative">Of the measurements, those in the representative sample (the estimate's points unless all are used).</param>
public sealed record ProxyRound(int Measured, int Representative, string Proxy, double Spearman, double SpearmanLower, double SpearmanUpper);
