namespace EdgeOpt.Server.Domain;

/// <summary>
/// One version of a space's latency predictor as stored: what it is and where it came from (its model card), with
/// the serialized model in the store's file storage under <see cref="FileId"/>.
/// </summary>
public sealed record PredictorVersionRecord
{
    /// <summary>"&lt;predictor id&gt;@v&lt;version&gt;" (see <see cref="IdOf"/>).</summary>
    public string Id { get; init; } = "";

    /// <summary>The predictor this is a version of, for example "nb201-latency".</summary>
    public string PredictorId { get; init; } = "";

    /// <summary>1, 2, ...; the highest is the latest.</summary>
    public int Version { get; init; }

    /// <summary>Latency method ("neural-linear", "ridge").</summary>
    public string Method { get; init; } = "";

    public string Space { get; init; } = "";

    /// <summary>Devices it was trained on.</summary>
    public string[] Devices { get; init; } = [];

    public int TrainingRows { get; init; }

    /// <summary>Scores by name (for example "lodo_spearman_mean").</summary>
    public Dictionary<string, double> Scores { get; init; } = [];

    public long Seed { get; init; }

    public long CreatedUnixMs { get; init; }

    /// <summary>The command that reproduces it.</summary>
    public string Reproduce { get; init; } = "";

    /// <summary>"pretrained" (imported at start) or "trained" (Predictor.Train).</summary>
    public string Origin { get; init; } = "";

    /// <summary>The full model card as JSON (the pretrained card when imported), empty when there is none.</summary>
    public string CardJson { get; init; } = "";

    /// <summary>SHA-256 (lowercase hex) of the serialized model.</summary>
    public string ModelSha256 { get; init; } = "";

    /// <summary>Id of the serialized model in the store's file storage.</summary>
    public string FileId { get; init; } = "";

    public static string IdOf(string predictorId, int version) => $"{predictorId}@v{version}";
}

/// <summary>Origins of a predictor version.</summary>
public static class PredictorOrigins
{
    public const string Pretrained = "pretrained";
    public const string Trained = "trained";
}
