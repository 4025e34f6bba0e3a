namespace EdgeOpt.Server.Domain;

/// <summary>A top-1 accuracy a user measured for a design (Predictor.ReportAccuracy); the latest report wins.</summary>
public sealed record ReportedAccuracyRecord
{
    /// <summary>"&lt;dataset&gt;|&lt;space&gt;|&lt;arch&gt;|&lt;precisions&gt;" (see <see cref="IdOf"/>).</summary>
    public string Id { get; init; } = "";

    public string Dataset { get; init; } = "";

    public DesignRecord Design { get; init; } = new();

    /// <summary>Percent, 0..100.</summary>
    public double Top1 { get; init; }

    public long ReportedUnixMs { get; init; }

    public static string IdOf(string dataset, DesignRecord design) =>
        $"{dataset}|{design.Space}|{design.Arch}|{string.Join('-', design.Precisions)}";
}

/// <summary>A signature set computed once and kept (choosing one can take seconds for a whole space).</summary>
public sealed record SignatureSetRecord
{
    /// <summary>What the set depends on, for example "spread|nb201|k10|s0" or "nb201-latency@v2|k10".</summary>
    public string Id { get; init; } = "";

    public string[] Architectures { get; init; } = [];

    public long CreatedUnixMs { get; init; }
}
