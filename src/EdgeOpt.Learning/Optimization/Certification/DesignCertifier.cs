using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Optimization.Certification;

/// <summary>
/// The check every answer passes before it is returned: does the design fit the budgets with the problem's
/// confidence under the predictors (P(cost &lt;= budget) &gt;= Confidence for each budget)? If not, a short local
/// search repairs it: each step moves to the best neighbour (one decision or one precision slot changed) that fits,
/// or, when none fits yet, to the neighbour that removes the most violation per objective point given up. When that
/// gets stuck (every neighbour is further over), the best of the device's measured designs that fits is taken instead. Once a design fits,
/// up to <see cref="Options.PolishSteps"/> steps move to a fitting neighbour (one change, or two where the space is
/// small) with a higher objective, so the repair gives back as little accuracy as it can.
/// </summary>
public static class DesignCertifier
{
    public sealed class Options
    {
        /// <summary>Steps toward feasibility before giving up (0 = no repair).</summary>
        public int MaxRepairSteps { get; init; } = 30;

        /// <summary>Hill-climbing steps among fitting neighbours after a repair (or, with <see cref="PolishCertified"/>, after any answer).</summary>
        public int PolishSteps { get; init; } = 10;

        /// <summary>
        /// When no single change improves a fitting design, polishing tries pairs of changes (e.g. a faster operation
        /// on one decision paying for a slower, more accurate one on another) if there are at most this many single
        /// changes (NAS-Bench-201: 24; FBNet: 176, so not there by default).
        /// </summary>
        public int PairMovesUpTo { get; init; } = 64;

        /// <summary>Also polish designs that fit as proposed (the neural optimizer's one-shot answers).</summary>
        public bool PolishCertified { get; init; }

        public static Options Default { get; } = new();
    }

    /// <summary>The certified (or repaired, or closest) design and a note that says what happened.</summary>
    public static (DesignAssessment Design, CertificationOutcome Outcome, string Note) Certify(
        DesignScorer scorer, DesignAssessment proposed, Options? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(proposed);
        options ??= Options.Default;
        var confidence = scorer.Problem.Confidence;
        if (proposed.Fits)
        {
            if (!options.PolishCertified || options.PolishSteps == 0)
                return (proposed, CertificationOutcome.Certified,
                    FormattableString.Invariant($"certified: P(fits budgets) = {proposed.FitConfidence:0.###} >= {confidence:0.###}"));
            var polished = Polish(scorer, proposed, options, cancellationToken);
            var gain = polished.Design == proposed.Design ? ""
                : FormattableString.Invariant($"; local polish raised the objective by {polished.Score - proposed.Score:0.###}");
            return (polished, CertificationOutcome.Certified, FormattableString.Invariant(
                $"certified: P(fits budgets) = {polished.FitConfidence:0.###} >= {confidence:0.###}{gain}"));
        }

        var current = proposed;
        var steps = 0;
        while (!current.Fits && steps < options.MaxRepairSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var neighbours = scorer.Assess(DesignNeighborhood.Of(scorer, current.Design));
            if (neighbours.Length == 0) break;
            var fitting = neighbours.Where(n => n.Fits).ToArray();
            DesignAssessment? next = fitting.Length > 0 ? fitting.Aggregate(DesignAssessment.Better) : Cheapest(current, neighbours);
            if (next is null) break;
            current = next;
            steps++;
        }
        if (!current.Fits && MeasuredFallback(scorer) is { } measured)
        {
            var rescued = Polish(scorer, measured, options, cancellationToken);
            return (rescued, CertificationOutcome.Repaired, FormattableString.Invariant(
                $"repaired: local repair got stuck after {steps} step(s); the best design measured within the budget, polished, fits with P = {rescued.FitConfidence:0.###}"));
        }
        if (!current.Fits)
            return (current, CertificationOutcome.NotCertified, FormattableString.Invariant(
                $"not certified: no design within {steps} repair step(s) fits with P >= {confidence:0.###}; the closest has P = {current.FitConfidence:0.###}"));
        var repaired = Polish(scorer, current, options, cancellationToken);
        return (repaired, CertificationOutcome.Repaired, FormattableString.Invariant(
            $"repaired: the proposed design fit with P = {proposed.FitConfidence:0.###} < {confidence:0.###}; {steps} repair step(s) reached P = {repaired.FitConfidence:0.###} at {repaired.Accuracy.Top1 - proposed.Accuracy.Top1:+0.##;-0.##;0} accuracy points"));
    }

    /// <summary>The best of the device's measured designs that fits (measured designs are known: their spread is small).</summary>
    private static DesignAssessment? MeasuredFallback(DesignScorer scorer)
    {
        var measured = scorer.Problem.Latency.Measurements(scorer.Space.PrecisionSlots)
            .Select(m => m.Design).Where(d => scorer.Allows(d.Architecture) && scorer.Allows(d.Policy)).Distinct().ToArray();
        var fitting = scorer.Assess(measured).Where(a => a.Fits).ToArray();
        return fitting.Length == 0 ? null : fitting.Aggregate(DesignAssessment.Better);
    }

    /// <summary>
    /// The neighbour that removes the most violation per objective point given up (any gain in objective counts as
    /// a tiny loss, so free reductions win); null when no neighbour reduces the violation.
    /// </summary>
    private static DesignAssessment? Cheapest(DesignAssessment current, DesignAssessment[] neighbours)
    {
        DesignAssessment? best = null;
        var bestRatio = double.NegativeInfinity;
        foreach (var n in neighbours)
        {
            var reduction = current.Violation - n.Violation;
            if (!(reduction > 0) || double.IsNaN(reduction)) continue;
            var ratio = reduction / Math.Max(current.Score - n.Score, 1e-3);
            if (ratio > bestRatio || (ratio == bestRatio && best is not null && n.Score > best.Score))
            {
                best = n;
                bestRatio = ratio;
            }
        }
        return best;
    }

    /// <summary>
    /// Assessments of the designs that may score above <paramref name="score"/>, in their order. When the objective
    /// weighs no cost, a design's score is known from its accuracy before its cost is predicted, so only the designs
    /// scoring higher get cost predictions (on FBNet's whole space, each is a fresh predictor call); the designs left
    /// out could not have been chosen, so polishing chooses as it did when it assessed them all.
    /// </summary>
    private static DesignAssessment[] AssessImproving(DesignScorer scorer, IReadOnlyList<Design> designs, double score)
    {
        if (scorer.CostFreeScores(designs) is not { } scores) return scorer.Assess(designs);
        var improving = new List<Design>(designs.Count);
        for (var i = 0; i < designs.Count; i++)
            if (scores[i] > score) improving.Add(designs[i]);
        return scorer.Assess(improving);
    }

    private static DesignAssessment Polish(DesignScorer scorer, DesignAssessment start, Options options, CancellationToken cancellationToken)
    {
        var current = start;
        for (var i = 0; i < options.PolishSteps; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var singles = DesignNeighborhood.Of(scorer, current.Design);
            var better = AssessImproving(scorer, singles, current.Score).Where(n => n.Fits && n.Score > current.Score).ToArray();
            if (better.Length == 0 && singles.Count <= options.PairMovesUpTo)
            {
                var pairs = singles.SelectMany(single => DesignNeighborhood.Of(scorer, single))
                    .Where(d => d != current.Design).Distinct().ToArray();
                better = AssessImproving(scorer, pairs, current.Score).Where(n => n.Fits && n.Score > current.Score).ToArray();
            }
            if (better.Length == 0) break;
            current = better.Aggregate(DesignAssessment.Better);
        }
        return current;
    }
}
