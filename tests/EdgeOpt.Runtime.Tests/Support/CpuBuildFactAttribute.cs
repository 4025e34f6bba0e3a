using EdgeOpt.Runtime.Benchmarking;

namespace EdgeOpt.Runtime.Tests.Support;

/// <summary>A fact about the default CPU-only ONNX Runtime build; skipped in a GPU build (-p:EdgeOptGpu=true).</summary>
public sealed class CpuBuildFactAttribute : FactAttribute
{
    public CpuBuildFactAttribute()
    {
        if (BenchmarkRunner.OrtPackage != "Microsoft.ML.OnnxRuntime")
            Skip = $"this build links {BenchmarkRunner.OrtPackage}, where CUDA may really be available";
    }
}
