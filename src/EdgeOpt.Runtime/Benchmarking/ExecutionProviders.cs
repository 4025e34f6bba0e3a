namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>Execution provider names accepted by <see cref="BenchmarkOptions.ExecutionProvider"/>.</summary>
public static class ExecutionProviders
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    public static IReadOnlyList<string> All { get; } = [Cpu, Cuda];
}
