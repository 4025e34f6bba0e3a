namespace EdgeOpt.Cli.Tests.EndToEnd;

/// <summary>Server settings (--EdgeOpt:Server:…) that keep the fleet scenarios to seconds.</summary>
public static class FleetSettings
{
    /// <summary>Benchmarks of a few runs on one thread, without energy: a measured job takes well under a second.</summary>
    public static readonly string[] QuickBenchmarks =
    [
        "--EdgeOpt:Server:Benchmark:WarmupRuns=1",
        "--EdgeOpt:Server:Benchmark:MinRuns=3",
        "--EdgeOpt:Server:Benchmark:MaxRuns=5",
        "--EdgeOpt:Server:Benchmark:TargetRelativeStandardError=0.5",
        "--EdgeOpt:Server:Benchmark:MaxSeconds=5",
        "--EdgeOpt:Server:Benchmark:IntraOpThreads=1",
        "--EdgeOpt:Server:Benchmark:MeasureEnergy=false",
    ];

    public static string SignatureSetSize(int k) => $"--EdgeOpt:Server:SignatureSetSize={k}";

    /// <summary>No front measurements after the signature set, for scenarios that count a device's jobs or cells.</summary>
    public const string NoFrontMeasurements = "--EdgeOpt:Server:FrontMeasurements=0";

    /// <summary>Leases that run out within seconds of an agent's death, swept often, with heartbeats well inside them.</summary>
    public static readonly string[] ShortLeases =
    [
        "--EdgeOpt:Server:LeaseDuration=00:00:03",
        "--EdgeOpt:Server:LeaseSweepInterval=00:00:00.200",
        "--EdgeOpt:Server:HeartbeatSeconds=1",
        "--EdgeOpt:Server:MaxJobAttempts=10",
    ];
}
