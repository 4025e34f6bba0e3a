namespace EdgeOpt.Learning.Accuracy;

/// <summary>
/// A design's top-1 accuracy in percent, with where it comes from: <see cref="Source"/> names the prior that
/// estimated it, or says that a user reported it.
/// </summary>
public sealed record AccuracyEstimate(double Top1, AccuracyProvenance Provenance, string Source)
{
    /// <summary>"estimated" or "measured".</summary>
    public string ProvenanceLabel => Provenance.ToName();

    public override string ToString() => $"{Top1:0.00} % ({ProvenanceLabel}: {Source})";
}
