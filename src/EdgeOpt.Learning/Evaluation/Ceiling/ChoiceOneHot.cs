using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Evaluation.Ceiling;

/// <summary>
/// The design of the additive ceiling: column 0 is the intercept, then one column per (decision, choice) for every
/// choice but the first of each decision (the first is the baseline folded into the intercept). A row holds the
/// intercept and at most one column per decision, so it is stored as the list of its non-zero columns (all ones).
/// </summary>
public sealed class ChoiceOneHot
{
    private readonly int[] _offsets;
    private readonly int[] _optionCounts;

    public ChoiceOneHot(ISearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        SpaceId = space.Id;
        _offsets = new int[space.DecisionCount];
        _optionCounts = new int[space.DecisionCount];
        var next = 1;
        for (var d = 0; d < space.DecisionCount; d++)
        {
            _offsets[d] = next;
            _optionCounts[d] = space.OptionsAt(d).Count;
            next += Math.Max(0, _optionCounts[d] - 1);
        }
        ParameterCount = next;
    }

    public string SpaceId { get; }

    /// <summary>Intercept plus one column per non-baseline choice of every decision.</summary>
    public int ParameterCount { get; }

    /// <summary>The non-zero columns of an architecture's row, intercept first.</summary>
    public int[] ActiveColumns(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.SpaceId != SpaceId)
            throw new ArgumentException($"architecture of space '{architecture.SpaceId}', the design is for '{SpaceId}'", nameof(architecture));
        var choices = architecture.Choices;
        if (choices.Count != _offsets.Length)
            throw new ArgumentException($"architecture has {choices.Count} decisions; space '{SpaceId}' has {_offsets.Length}", nameof(architecture));
        var columns = new List<int>(choices.Count + 1) { 0 };
        for (var d = 0; d < choices.Count; d++)
        {
            var choice = choices[d];
            if (choice < 0 || choice >= _optionCounts[d])
                throw new ArgumentException($"decision {d}: choice {choice} is outside 0..{_optionCounts[d] - 1}", nameof(architecture));
            if (choice > 0) columns.Add(_offsets[d] + choice - 1);
        }
        return columns.ToArray();
    }
}
