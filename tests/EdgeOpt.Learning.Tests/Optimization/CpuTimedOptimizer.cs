using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Tests.TestSupport;

namespace EdgeOpt.Learning.Tests.Optimization;

/// <summary>Passes every call to the inner optimizer and records the calling thread's CPU time of each (ms).</summary>
internal sealed class CpuTimedOptimizer(IDesignOptimizer inner) : IDesignOptimizer
{
    public List<double> CpuMs { get; } = [];

    public string Name => inner.Name;

    public OptimizationResult Optimize(OptimizationProblem problem, CancellationToken cancellationToken)
    {
        var start = ThreadCpuClock.NowMs();
        var result = inner.Optimize(problem, cancellationToken);
        CpuMs.Add(ThreadCpuClock.NowMs() - start);
        return result;
    }
}
