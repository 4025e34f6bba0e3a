namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>
/// How to measure one model. Timed runs continue until, after at least <see cref="MinRuns"/> runs, the
/// relative standard error of the mean of the samples kept by outlier rejection is at most
/// <see cref="TargetRelativeStandardError"/>; or <see cref="MaxRuns"/> runs; or <see cref="MaxSeconds"/>
/// (warm-up included) have passed. At least two timed runs are always made so that a spread exists.
/// </summary>
public sealed record BenchmarkOptions
{
    /// <summary>Threads for parallelism inside an operator (ORT intra-op pool); 1 = single-threaded, the edge default.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Threads for running independent operators in parallel (only used when &gt; 1: parallel execution mode).</summary>
    public int InterOpThreads { get; init; } = 1;

    public GraphOptimization GraphOptimization { get; init; } = GraphOptimization.All;

    /// <summary>"cpu" or "cuda"; cuda falls back to cpu (logged once per runner) when it cannot be used.</summary>
    public string ExecutionProvider { get; init; } = ExecutionProviders.Cpu;

    /// <summary>CUDA device ordinal, used with the cuda provider.</summary>
    public int DeviceId { get; init; }

    /// <summary>Untimed runs before timing; cut short by <see cref="MaxSeconds"/>.</summary>
    public int WarmupRuns { get; init; } = 10;

    public int MinRuns { get; init; } = 10;

    public int MaxRuns { get; init; } = 1000;

    /// <summary>Stop once (s / sqrt(n)) / mean of the kept samples is at most this (0.02 = 2 %); 0 never stops early.</summary>
    public double TargetRelativeStandardError { get; init; } = 0.02;

    /// <summary>Wall-clock cap on warm-up plus timed runs, in seconds.</summary>
    public double MaxSeconds { get; init; } = 60;

    /// <summary>Size of a dynamic first input dimension; a fixed one must equal it.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Seed for the random input data.</summary>
    public int InputSeed { get; init; } = 12345;

    /// <summary>Tukey fence factor k for rejecting outlying timed runs (see <c>OutlierRejection</c>).</summary>
    public double OutlierFenceFactor { get; init; } = 1.5;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting and its allowed values.</summary>
    public void Validate()
    {
        static void Require(bool ok, string name, object value, string allowed)
        {
            if (!ok) throw new ArgumentException($"{nameof(BenchmarkOptions)}.{name} is {value}; allowed: {allowed}", name);
        }

        Require(IntraOpThreads >= 0, nameof(IntraOpThreads), IntraOpThreads, ">= 0 (0 = ONNX Runtime's default)");
        Require(InterOpThreads >= 0, nameof(InterOpThreads), InterOpThreads, ">= 0 (0 = ONNX Runtime's default)");
        Require(Enum.IsDefined(GraphOptimization), nameof(GraphOptimization), GraphOptimization, string.Join(", ", Enum.GetNames<GraphOptimization>()));
        Require(ExecutionProviders.All.Contains(ExecutionProvider), nameof(ExecutionProvider), $"'{ExecutionProvider}'", string.Join(", ", ExecutionProviders.All));
        Require(DeviceId >= 0, nameof(DeviceId), DeviceId, ">= 0");
        Require(WarmupRuns >= 0, nameof(WarmupRuns), WarmupRuns, ">= 0");
        Require(MinRuns >= 2, nameof(MinRuns), MinRuns, ">= 2");
        Require(MaxRuns >= MinRuns, nameof(MaxRuns), MaxRuns, $">= MinRuns ({MinRuns})");
        Require(TargetRelativeStandardError >= 0 && !double.IsNaN(TargetRelativeStandardError),
            nameof(TargetRelativeStandardError), TargetRelativeStandardError, ">= 0, e.g. 0.02");
        Require(MaxSeconds > 0, nameof(MaxSeconds), MaxSeconds, "> 0 (seconds; +infinity for no cap)");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, ">= 1");
        Require(OutlierFenceFactor >= 0 && double.IsFinite(OutlierFenceFactor), nameof(OutlierFenceFactor), OutlierFenceFactor, "a finite number >= 0 (Tukey: 1.5)");
    }
}
