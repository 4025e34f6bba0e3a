namespace EdgeOpt.Core.Spaces;

/// <summary>
/// Shared mechanics of a space whose members are one option index per decision, with the same option list
/// at every decision: membership checks, uniform sampling, one-step mutation and one-hot encoding.
/// </summary>
internal sealed class ChoiceGrid
{
    private readonly string _spaceId;
    private readonly string _decisionNoun;
    private readonly Func<int, string> _describeDecision;

    /// <param name="decisionNoun">What a decision is called, plural by adding "s" ("edge", "layer").</param>
    /// <param name="describeDecision">How an error names decision d ("edge 2<-1", "layer 3").</param>
    public ChoiceGrid(
        string spaceId, int decisionCount, IReadOnlyList<string> options, string decisionNoun, Func<int, string> describeDecision)
    {
        _spaceId = spaceId;
        DecisionCount = decisionCount;
        Options = options;
        _decisionNoun = decisionNoun;
        _describeDecision = describeDecision;
    }

    public int DecisionCount { get; }

    public IReadOnlyList<string> Options { get; }

    public int OneHotLength => DecisionCount * Options.Count;

    /// <summary>Throws <see cref="ArgumentException"/> unless the architecture is a member of this space.</summary>
    public void EnsureMember(Architecture architecture, string paramName)
    {
        ArgumentNullException.ThrowIfNull(architecture, paramName);
        if (architecture.SpaceId != _spaceId)
            throw new ArgumentException(
                $"architecture belongs to search space '{architecture.SpaceId}', not '{_spaceId}'", paramName);
        if (architecture.Choices.Count != DecisionCount)
            throw new ArgumentException(
                $"architecture has {architecture.Choices.Count} choices; search space '{_spaceId}' has {DecisionCount} {_decisionNoun}s",
                paramName);
        for (int d = 0; d < DecisionCount; d++)
        {
            int c = architecture.Choices[d];
            if (c < 0 || c >= Options.Count)
                throw new ArgumentException(
                    $"choice {c} at {_describeDecision(d)} is out of range; allowed 0..{Options.Count - 1} ({string.Join(", ", Options)})",
                    paramName);
        }
    }

    public Architecture Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var choices = new int[DecisionCount];
        for (int d = 0; d < choices.Length; d++) choices[d] = random.Next(Options.Count);
        return new Architecture(_spaceId, choices);
    }

    public Architecture Mutate(Architecture architecture, Random random)
    {
        EnsureMember(architecture, nameof(architecture));
        ArgumentNullException.ThrowIfNull(random);
        var choices = architecture.Choices.ToArray();
        int d = random.Next(DecisionCount);
        int other = random.Next(Options.Count - 1);
        choices[d] = other >= choices[d] ? other + 1 : other;
        return new Architecture(_spaceId, choices);
    }

    /// <summary>Decision-major one-hot: entry d * options + c is 1 where decision d chose option c.</summary>
    public double[] OneHot(Architecture architecture)
    {
        EnsureMember(architecture, nameof(architecture));
        var vector = new double[OneHotLength];
        for (int d = 0; d < DecisionCount; d++) vector[d * Options.Count + architecture.Choices[d]] = 1.0;
        return vector;
    }
}
