namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>Where and how a latency was measured, to keep beside the number.</summary>
/// <param name="MachineName">Host name.</param>
/// <param name="CpuModel">CPU model from /proc/cpuinfo where available, else null.</param>
/// <param name="LogicalCores">Logical processors visible to the process.</param>
/// <param name="OperatingSystem">OS description.</param>
/// <param name="DotnetVersion">.NET runtime description.</param>
/// <param name="OrtVersion">ONNX Runtime native library version.</param>
/// <param name="OrtPackage">NuGet package the runner was built against (CPU or GPU build).</param>
/// <param name="RequestedExecutionProvider">Provider asked for in the options.</param>
/// <param name="ExecutionProvider">Provider actually used ("cpu" after a CUDA fallback).</param>
/// <param name="IntraOpThreads">Intra-op threads (0 = ORT default).</param>
/// <param name="InterOpThreads">Inter-op threads (0 = ORT default).</param>
/// <param name="GraphOptimization">Graph optimisation level.</param>
/// <param name="BatchSize">Batch size of the inputs fed.</param>
/// <param name="Precision">Precision label given by the caller (e.g. "fp32", "int8", "fp32-int8-int8").</param>
/// <param name="TimestampUtc">When the measurement finished.</param>
public sealed record BenchmarkProvenance(
    string MachineName,
    string? CpuModel,
    int LogicalCores,
    string OperatingSystem,
    string DotnetVersion,
    string OrtVersion,
    string OrtPackage,
    string RequestedExecutionProvider,
    string ExecutionProvider,
    int IntraOpThreads,
    int InterOpThreads,
    string GraphOptimization,
    int BatchSize,
    string Precision,
    DateTimeOffset TimestampUtc);
