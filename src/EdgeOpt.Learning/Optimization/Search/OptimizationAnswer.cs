using System.Diagnostics;
using EdgeOpt.Learning.Optimization.Certification;

namespace EdgeOpt.Learning.Optimization.Search;

/// <summary>How every optimizer ends: certify (or repair) the proposed design and assemble the result with its notes.</summary>
internal static class OptimizationAnswer
{
    public static OptimizationResult Finish(
        string optimizer, DesignScorer scorer, DesignAssessment proposed, IEnumerable<DesignAssessment>? paretoPool,
        Stopwatch clock, IEnumerable<string> searchNotes, DesignCertifier.Options? certifier, CancellationToken cancellationToken)
    {
        var (chosen, outcome, note) = DesignCertifier.Certify(scorer, proposed, certifier, cancellationToken);
        var problem = scorer.Problem;
        var pareto = problem.Pareto && paretoPool is not null ? ParetoFront.Of(paretoPool.Append(chosen)) : [];
        var notes = new List<string>(searchNotes) { note };
        notes.AddRange(Assumptions(problem));
        return new OptimizationResult(
            optimizer, chosen, pareto, outcome, problem.Confidence, scorer.Evaluations, clock.Elapsed, notes);
    }

    /// <summary>What the answer rests on: accuracy source, quantization prior, precision factors.</summary>
    public static IEnumerable<string> Assumptions(OptimizationProblem problem)
    {
        yield return $"accuracy: {problem.Accuracy.Name} ({problem.Accuracy.Provenance.ToString().ToLowerInvariant()})";
        if (problem.AllowedPrecisions.Any(p => p != Core.Spaces.Precision.Fp32))
        {
            yield return $"quantized accuracy: {problem.QuantizationPrior!.Name} (estimated)";
            foreach (var n in problem.Latency.Factors.Notes) yield return "latency: " + n;
            if (problem.Energy is { } energy)
                foreach (var n in energy.Factors.Notes) yield return "energy: " + n;
        }
    }
}
