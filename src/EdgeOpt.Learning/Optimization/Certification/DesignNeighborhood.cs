using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Optimization.Certification;

/// <summary>The designs one step away: one decision changed to another option, or one slot to another allowed precision.</summary>
public static class DesignNeighborhood
{
    /// <summary>Every neighbour the problem allows (candidates and precisions), architecture changes first.</summary>
    public static List<Design> Of(DesignScorer scorer, Design design)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(design);
        var space = scorer.Space;
        var result = new List<Design>();
        var choices = design.Architecture.Choices.ToArray();
        for (var d = 0; d < space.DecisionCount; d++)
        {
            var options = space.OptionsAt(d).Count;
            var original = choices[d];
            for (var o = 0; o < options; o++)
            {
                if (o == original) continue;
                choices[d] = o;
                var architecture = new Architecture(space.Id, choices);
                if (scorer.Allows(architecture)) result.Add(new Design(architecture, design.Policy));
            }
            choices[d] = original;
        }
        if (scorer.Precisions.Count > 1)
        {
            var slots = design.Policy.Slots.ToArray();
            for (var s = 0; s < slots.Length; s++)
            {
                var original = slots[s];
                foreach (var p in scorer.Precisions)
                {
                    if (p == original) continue;
                    slots[s] = p;
                    result.Add(new Design(design.Architecture, new QuantizationPolicy(slots)));
                }
                slots[s] = original;
            }
        }
        return result;
    }
}
