using System.Diagnostics;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Optimization.Search;

/// <summary>
/// Regularized (aging) evolution (Real et al., AAAI 2019) over designs, with a feasibility-aware tournament: of
/// <see cref="Options.SampleSize"/> designs drawn from the population, one that fits the budgets beats one that does
/// not; among fitting ones the higher objective wins, among the others the smaller violation
/// (<see cref="DesignAssessment.IsBetterThan"/>). The winner's child differs in one decision or one precision slot;
/// it joins the population and the oldest member leaves. A child that was already scored is mutated again (up to 8
/// times) so that small spaces are not spent on repeats. Children are bred in batches of
/// <see cref="Options.BatchSize"/> so that each batch is one call per predictor. Stops after
/// <see cref="Options.EvaluationBudget"/> designs (the initial population included); repeated designs are scored once.
/// </summary>
public sealed class EvolutionaryOptimizer : IDesignOptimizer
{
    public const string OptimizerName = "evolution";

    public sealed class Options
    {
        public int Population { get; init; } = 100;

        /// <summary>Tournament size (1..Population).</summary>
        public int SampleSize { get; init; } = 25;

        /// <summary>Designs bred (and scored) in total, the initial population included.</summary>
        public int EvaluationBudget { get; init; } = 10_000;

        /// <summary>Children bred from the same population before it ages (1 = the sequential algorithm).</summary>
        public int BatchSize { get; init; } = 50;
    }

    private readonly Options _options;

    public EvolutionaryOptimizer(Options? options = null)
    {
        _options = options ?? new Options();
        if (_options.Population < 2) throw new ArgumentOutOfRangeException(nameof(options), _options.Population, "Population: at least 2");
        if (_options.SampleSize < 1 || _options.SampleSize > _options.Population)
            throw new ArgumentOutOfRangeException(nameof(options), _options.SampleSize, $"SampleSize: 1..Population ({_options.Population})");
        if (_options.EvaluationBudget < _options.Population)
            throw new ArgumentOutOfRangeException(nameof(options), _options.EvaluationBudget, $"EvaluationBudget: at least Population ({_options.Population})");
        if (_options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.BatchSize, "BatchSize: at least 1");
    }

    public string Name => OptimizerName;

    public OptimizationResult Optimize(OptimizationProblem problem, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var scorer = new DesignScorer(problem);
        var random = new Random(problem.Seed);
        var candidates = problem.SearchArchitectures;
        var seen = new Dictionary<Design, DesignAssessment>();
        var population = new Queue<DesignAssessment>(_options.Population);
        DesignAssessment? best = null;
        var bred = 0;

        DesignAssessment[] Score(List<Design> designs)
        {
            var fresh = designs.Where(d => !seen.ContainsKey(d)).Distinct().ToArray();
            foreach (var (design, assessment) in fresh.Zip(scorer.Assess(fresh))) seen[design] = assessment;
            bred += designs.Count;
            var scored = designs.Select(d => seen[d]).ToArray();
            foreach (var s in scored) best = best is null ? s : DesignAssessment.Better(best, s);
            return scored;
        }

        var initial = new List<Design>(_options.Population);
        for (var i = 0; i < _options.Population; i++)
        {
            var architecture = candidates is null ? problem.Space.Sample(random) : candidates[random.Next(candidates.Count)];
            var policy = scorer.Precisions.Count == 1 ? scorer.DefaultPolicy : PolicyEnumeration.Random(scorer.Precisions, problem.Space.PrecisionSlots, random);
            initial.Add(new Design(architecture, policy));
        }
        foreach (var member in Score(initial)) population.Enqueue(member);

        var members = new List<DesignAssessment>(_options.Population);
        while (bred < _options.EvaluationBudget)
        {
            cancellationToken.ThrowIfCancellationRequested();
            members.Clear();
            members.AddRange(population);
            var count = Math.Min(_options.BatchSize, _options.EvaluationBudget - bred);
            var children = new List<Design>(count);
            for (var c = 0; c < count; c++)
            {
                var parent = members[random.Next(members.Count)];
                for (var s = 1; s < _options.SampleSize; s++) parent = DesignAssessment.Better(parent, members[random.Next(members.Count)]);
                // A child already scored teaches nothing: mutate again (a few times) to spend the budget on new designs.
                var child = Mutate(scorer, parent.Design, random);
                for (var retry = 0; retry < 8 && seen.ContainsKey(child); retry++) child = Mutate(scorer, child, random);
                children.Add(child);
            }
            foreach (var child in Score(children))
            {
                population.Enqueue(child);
                if (population.Count > _options.Population) population.Dequeue();
            }
        }

        var notes = new[]
        {
            $"evolution: {bred} designs bred ({seen.Count} distinct), population {_options.Population}, tournament {_options.SampleSize}",
        };
        return OptimizationAnswer.Finish(Name, scorer, best!, seen.Values, clock, notes, null, cancellationToken);
    }

    /// <summary>One decision or one precision slot changed (uniformly over positions); stays among the allowed candidates.</summary>
    internal static Design Mutate(DesignScorer scorer, Design design, Random random)
    {
        var space = scorer.Space;
        var slots = scorer.Precisions.Count > 1 ? space.PrecisionSlots : 0;
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var position = random.Next(space.DecisionCount + slots);
            if (position >= space.DecisionCount)
            {
                var policy = design.Policy.Slots.ToArray();
                var slot = position - space.DecisionCount;
                var others = scorer.Precisions.Where(p => p != policy[slot]).ToArray();
                policy[slot] = others[random.Next(others.Length)];
                return new Design(design.Architecture, new QuantizationPolicy(policy));
            }
            var choices = design.Architecture.Choices.ToArray();
            var options = space.OptionsAt(position).Count;
            var other = random.Next(options - 1);
            choices[position] = other >= choices[position] ? other + 1 : other;
            var architecture = new Architecture(space.Id, choices);
            if (scorer.Allows(architecture)) return new Design(architecture, design.Policy);
        }
        // A sparse candidate list: jump to a random candidate instead.
        var list = scorer.Problem.SearchArchitectures!;
        return new Design(list[random.Next(list.Count)], design.Policy);
    }
}
