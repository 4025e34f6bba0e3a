using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Latency;

/// <summary>
/// Turns an architecture into the input of a latency model. The sparse (0/1) part: one-hot choices (decision-major,
/// one block of <c>OptionsAt(d).Count</c> entries per decision), then for NAS-Bench-201 the one-hot choices of the
/// effective cell (<see cref="Nb201Liveness"/>: dead edges count as "none") and a pair of entries saying whether
/// the network's output is a constant (<see cref="IsDegenerate"/>). The dense part, when
/// <see cref="Options.IncludeGraphFeatures"/> is set: the graph part of <see cref="ISearchSpace.Encode"/> (FLOPs,
/// parameters, activation memory, op counts). It is off by default until <c>GraphFeatures.Of</c> is implemented
/// in Core. Thread-safe.
/// </summary>
public sealed class ArchitectureFeaturizer
{
    private readonly int[] _offsets;
    private readonly int[][] _countSlot; // [decision][option] -> index into the option-name list
    private readonly string[] _optionNames;
    private readonly Lazy<(double[] Mean, double[] Scale)> _denseStatistics;

    public sealed class Options
    {
        /// <summary>Append the graph features of <see cref="ISearchSpace.Encode"/> after the one-hot part.</summary>
        public bool IncludeGraphFeatures { get; init; }

        /// <summary>For NAS-Bench-201, add the one-hot choices of the effective cell (default true).</summary>
        public bool IncludeEffectiveChoices { get; init; } = true;
    }

    public ArchitectureFeaturizer(ISearchSpace space, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        Space = space;
        IncludeGraphFeatures = options?.IncludeGraphFeatures ?? false;
        IncludeEffectiveChoices = (options?.IncludeEffectiveChoices ?? true) && space is Nb201Space;
        _offsets = new int[space.DecisionCount + 1];
        var names = new List<string>();
        for (var d = 0; d < space.DecisionCount; d++)
        {
            var opts = space.OptionsAt(d);
            _offsets[d + 1] = _offsets[d] + opts.Count;
            names.AddRange(opts.Select(o => $"d{d}={o}"));
        }
        ChoiceLength = _offsets[^1];
        if (IncludeEffectiveChoices)
        {
            names.AddRange(names.ToArray().Select(n => "effective_" + n));
            names.AddRange(["output_depends_on_input", "output_is_constant"]);
        }
        OneHotLength = names.Count;
        if (IncludeGraphFeatures)
        {
            var all = space.FeatureNames;
            if (all.Count < ChoiceLength)
                throw new InvalidOperationException(
                    $"search space '{space.Id}' names {all.Count} features, fewer than its {ChoiceLength} one-hot choices");
            names.AddRange(all.Skip(ChoiceLength));
        }
        FeatureNames = names;
        var optionNames = new List<string>();
        _countSlot = new int[space.DecisionCount][];
        for (var d = 0; d < space.DecisionCount; d++)
        {
            var opts = space.OptionsAt(d);
            _countSlot[d] = new int[opts.Count];
            for (var o = 0; o < opts.Count; o++)
            {
                var slot = optionNames.IndexOf(opts[o]);
                if (slot < 0) { slot = optionNames.Count; optionNames.Add(opts[o]); }
                _countSlot[d][o] = slot;
            }
        }
        _optionNames = optionNames.ToArray();
        _denseStatistics = new Lazy<(double[], double[])>(EstimateDenseStatistics);
    }

    /// <summary>Architectures sampled (with a fixed seed) to standardize the graph features.</summary>
    public const int DenseStatisticsSample = 2000;

    public ISearchSpace Space { get; }

    public bool IncludeGraphFeatures { get; }

    /// <summary>Whether the effective-cell block is present (NAS-Bench-201 only).</summary>
    public bool IncludeEffectiveChoices { get; }

    /// <summary>Length of one block of one-hot choices (sum of the option counts over decisions).</summary>
    public int ChoiceLength { get; }

    /// <summary>Length of the sparse part: the choices block, plus the effective-cell block and the constant-output pair when present.</summary>
    public int OneHotLength { get; }

    /// <summary>Number of ones in the sparse part of every architecture.</summary>
    public int ActiveCount => IncludeEffectiveChoices ? 2 * Space.DecisionCount + 1 : Space.DecisionCount;

    /// <summary>
    /// Whether the network's output cannot depend on its input (NAS-Bench-201: no live path through the cell),
    /// so that a compiler may remove nearly everything. Always false where the space cannot express it.
    /// </summary>
    public bool IsDegenerate(Architecture architecture)
    {
        Check(architecture);
        return Space is Nb201Space && Nb201Liveness.OutputIsConstant(architecture.Choices);
    }

    /// <summary>Distinct option names over all decisions, in order of first appearance (the entries of <see cref="OptionCounts"/>).</summary>
    public IReadOnlyList<string> OptionNames => _optionNames;

    /// <summary>
    /// How often each option name is chosen (<see cref="OptionNames"/> order), minus the count expected under uniform
    /// choices, divided by √(decisions): a position-free summary (e.g. "how many 3x3 convolutions"). For
    /// NAS-Bench-201 the effective cell's counts follow.
    /// </summary>
    public double[] OptionCounts(Architecture architecture)
    {
        Check(architecture);
        var names = _optionNames.Length;
        var blocks = IncludeEffectiveChoices ? 2 : 1;
        var counts = new double[names * blocks];
        var expected = new double[names];
        for (var d = 0; d < Space.DecisionCount; d++)
            foreach (var slot in _countSlot[d]) expected[slot] += 1.0 / _countSlot[d].Length;
        var effective = IncludeEffectiveChoices ? Nb201Liveness.EffectiveChoices(architecture.Choices) : null;
        for (var d = 0; d < Space.DecisionCount; d++)
        {
            counts[_countSlot[d][architecture.Choices[d]]] += 1;
            if (effective is not null) counts[names + _countSlot[d][effective[d]]] += 1;
        }
        var scale = 1 / Math.Sqrt(Space.DecisionCount);
        for (var i = 0; i < counts.Length; i++) counts[i] = (counts[i] - expected[i % names]) * scale;
        return counts;
    }

    /// <summary><see cref="IsDegenerate(Architecture)"/> from the architecture's <see cref="ActiveIndices"/>.</summary>
    public bool IsDegenerate(ReadOnlySpan<int> activeIndices) =>
        IncludeEffectiveChoices && activeIndices.Length == ActiveCount && activeIndices[^1] == OneHotLength - 1;

    /// <summary>Length of the graph part (0 unless <see cref="IncludeGraphFeatures"/>).</summary>
    public int DenseLength => FeatureNames.Count - OneHotLength;

    public int Length => FeatureNames.Count;

    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Positions of the ones in the sparse part (<see cref="ActiveCount"/> of them), ascending.</summary>
    public int[] ActiveIndices(Architecture architecture)
    {
        Check(architecture);
        var decisions = Space.DecisionCount;
        var active = new int[ActiveCount];
        for (var d = 0; d < decisions; d++) active[d] = _offsets[d] + architecture.Choices[d];
        if (IncludeEffectiveChoices)
        {
            var effective = Nb201Liveness.EffectiveChoices(architecture.Choices);
            var constant = true;
            for (var d = 0; d < decisions; d++)
            {
                active[decisions + d] = ChoiceLength + _offsets[d] + effective[d];
                constant &= effective[d] == (int)Nb201Op.None;
            }
            active[2 * decisions] = 2 * ChoiceLength + (constant ? 1 : 0);
        }
        return active;
    }

    /// <summary>The graph part (empty unless <see cref="IncludeGraphFeatures"/>).</summary>
    public double[] Dense(Architecture architecture)
    {
        Check(architecture);
        if (!IncludeGraphFeatures) return [];
        var encoded = Space.Encode(architecture);
        return encoded.AsSpan(ChoiceLength).ToArray();
    }

    /// <summary>
    /// The graph part standardized to mean 0 and deviation 1 over <see cref="DenseStatisticsSample"/> architectures
    /// sampled uniformly from the space with a fixed seed (a constant feature stays 0).
    /// </summary>
    public double[] StandardizedDense(Architecture architecture)
    {
        var dense = Dense(architecture);
        if (dense.Length == 0) return dense;
        var (mean, scale) = _denseStatistics.Value;
        for (var j = 0; j < dense.Length; j++) dense[j] = (dense[j] - mean[j]) / scale[j];
        return dense;
    }

    private (double[] Mean, double[] Scale) EstimateDenseStatistics()
    {
        var random = new Random(20240611);
        var samples = Enumerable.Range(0, DenseStatisticsSample).Select(_ => Dense(Space.Sample(random))).ToArray();
        var length = DenseLength;
        var mean = new double[length];
        var scale = new double[length];
        for (var j = 0; j < length; j++)
        {
            mean[j] = samples.Average(v => v[j]);
            var variance = samples.Average(v => (v[j] - mean[j]) * (v[j] - mean[j]));
            scale[j] = variance > 1e-12 ? Math.Sqrt(variance) : 1.0;
        }
        return (mean, scale);
    }

    /// <summary>The whole feature vector with the graph part standardized (see <see cref="StandardizedDense"/>).</summary>
    public double[] FeaturizeStandardized(Architecture architecture)
    {
        var vector = new double[Length];
        foreach (var i in ActiveIndices(architecture)) vector[i] = 1.0;
        StandardizedDense(architecture).CopyTo(vector, OneHotLength);
        return vector;
    }

    /// <summary>The whole feature vector: one-hot part, then graph part.</summary>
    public double[] Featurize(Architecture architecture)
    {
        var vector = new double[Length];
        foreach (var i in ActiveIndices(architecture)) vector[i] = 1.0;
        Dense(architecture).CopyTo(vector, OneHotLength);
        return vector;
    }

    private void Check(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.SpaceId != Space.Id)
            throw new ArgumentException(
                $"architecture belongs to search space '{architecture.SpaceId}', the featurizer to '{Space.Id}'", nameof(architecture));
        if (architecture.Choices.Count != Space.DecisionCount)
            throw new ArgumentException(
                $"architecture has {architecture.Choices.Count} choices; search space '{Space.Id}' has {Space.DecisionCount} decisions",
                nameof(architecture));
        for (var d = 0; d < Space.DecisionCount; d++)
        {
            var c = architecture.Choices[d];
            var count = _offsets[d + 1] - _offsets[d];
            if ((uint)c >= (uint)count)
                throw new ArgumentException(
                    $"choice {c} at decision {d} is out of range; allowed 0..{count - 1}", nameof(architecture));
        }
    }
}
