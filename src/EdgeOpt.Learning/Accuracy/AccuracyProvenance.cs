namespace EdgeOpt.Learning.Accuracy;

/// <summary>Where an accuracy figure comes from.</summary>
public enum AccuracyProvenance
{
    /// <summary>Computed by a prior or a predictor; not observed.</summary>
    Estimated = 0,

    /// <summary>Reported by a user who evaluated the deployed design.</summary>
    Measured = 1,
}

public static class AccuracyProvenanceNames
{
    /// <summary>"estimated" or "measured", the labels shown in reports and files.</summary>
    public static string ToName(this AccuracyProvenance provenance) => provenance switch
    {
        AccuracyProvenance.Estimated => "estimated",
        AccuracyProvenance.Measured => "measured",
        _ => throw new ArgumentOutOfRangeException(nameof(provenance), provenance, "allowed: Estimated, Measured"),
    };
}
