namespace EdgeOpt.Learning.Optimization.Certification;

/// <summary>How an answer was checked against the budgets before it was returned.</summary>
public enum CertificationOutcome
{
    /// <summary>The optimizer's design fits with the required probability as it was.</summary>
    Certified = 0,

    /// <summary>The optimizer's design might not fit; a local search replaced it with one that does.</summary>
    Repaired = 1,

    /// <summary>No design that fits with the required probability was found; the answer is the closest one.</summary>
    NotCertified = 2,
}

public static class CertificationOutcomeNames
{
    public static string ToName(this CertificationOutcome outcome) => outcome switch
    {
        CertificationOutcome.Certified => "certified",
        CertificationOutcome.Repaired => "repaired",
        CertificationOutcome.NotCertified => "not-certified",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "allowed: Certified, Repaired, NotCertified"),
    };
}
