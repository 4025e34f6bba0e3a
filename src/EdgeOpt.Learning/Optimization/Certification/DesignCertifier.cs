namespace EdgeOpt.Learning.Optimization.Certification;

/// <summary>
/// The check every answer passes before it is returned: does the design fit the budgets with the problem's
/// confidence under the predictors (P(cost &lt;= budget) &gt;= Confidence for each budget)? If not, a short local
/// search repairs it: each step moves to the best neighbour (one decision or one precision slot changed) that fits,
/// or, when none fits yet, to the neighbour with the smallest violation (ties: higher objective). Once a design fits,
/// up to <see cref="Options.PolishSteps"/> steps move to a fitting neighbour with a higher objective, so the repair
/// gives back as little accuracy as it can.
/// </summary>
public static class DesignCertifier
{
    public sealed class Options
    {
        /// <summary>Steps toward feasibility before giving up (0 = no repair).</summary>
        public int MaxRepairSteps { get; init; } = 30;

        /// <summary>Hill-climbing steps among fitting neighbours after a repair (or, with <see cref="PolishCertified"/>, after any answer).</summary>
        public int PolishSteps { get; init; } = 10;

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
            var polished = Polish(scorer, proposed, options.PolishSteps, cancellationToken);
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
            var best = neighbours.Aggregate(DesignAssessment.Better);
            if (!best.IsBetterThan(current)) break;
            current = best;
            steps++;
        }
        if (!current.Fits)
            return (current, CertificationOutcome.NotCertified, FormattableString.Invariant(
                $"not certified: no design within {steps} repair step(s) fits with P >= {confidence:0.###}; the closest has P = {current.FitConfidence:0.###}"));
        var repaired = Polish(scorer, current, options.PolishSteps, cancellationToken);
        return (repaired, CertificationOutcome.Repaired, FormattableString.Invariant(
            $"repaired: the proposed design fit with P = {proposed.FitConfidence:0.###} < {confidence:0.###}; {steps} repair step(s) reached P = {repaired.FitConfidence:0.###} at {repaired.Accuracy.Top1 - proposed.Accuracy.Top1:+0.##;-0.##;0} accuracy points"));
    }

    private static DesignAssessment Polish(DesignScorer scorer, DesignAssessment start, int steps, CancellationToken cancellationToken)
    {
        var current = start;
        for (var i = 0; i < steps; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var better = scorer.Assess(DesignNeighborhood.Of(scorer, current.Design)).Where(n => n.Fits && n.Score > current.Score).ToArray();
            if (better.Length == 0) break;
            current = better.Aggregate(DesignAssessment.Better);
        }
        return current;
    }
}
