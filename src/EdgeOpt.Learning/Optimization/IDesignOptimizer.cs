namespace EdgeOpt.Learning.Optimization;

/// <summary>
/// Finds the best design for one device and budget. Every implementation certifies its answer before returning it
/// (see <see cref="Certification.DesignCertifier"/>): the result says how sure the fit is and whether it had to be
/// repaired. Thread-safe; deterministic for a given <see cref="OptimizationProblem.Seed"/>.
/// </summary>
public interface IDesignOptimizer
{
    /// <summary>"exhaustive", "evolution", "neural".</summary>
    string Name { get; }

    OptimizationResult Optimize(OptimizationProblem problem, CancellationToken cancellationToken);
}
