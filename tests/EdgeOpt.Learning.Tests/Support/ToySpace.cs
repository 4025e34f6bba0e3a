using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Tests.Support;

/// <summary>
/// A small search space with graph features, standing in for the real spaces until Core computes theirs:
/// 5 layers, each "small", "medium" or "large" (cost 1, 4, 9 units, times the layer's width 1..5, so that where an
/// option sits matters); <see cref="Encode"/> appends ln(1 + multiply-adds).
/// Canonical string: the option names joined by '-'.
/// </summary>
public sealed class ToySpace : ISearchSpace
{
    private static readonly string[] Options = ["small", "medium", "large"];

    public string Id => "toy";

    public int DecisionCount => 5;

    public IReadOnlyList<string> OptionsAt(int decision) => Options;

    public int PrecisionSlots => 5;

    public long? Size => 243;

    public IReadOnlyList<string> FeatureNames { get; } =
        [.. Enumerable.Range(0, 5).SelectMany(d => Options.Select(o => $"layer{d}:{o}")), "log_multiply_adds"];

    /// <summary>Multiply-adds of the network: 1000 × the sum over layers of width × cost units.</summary>
    public static long MultiplyAdds(Architecture architecture) =>
        1000L * architecture.Choices.Select((c, d) => (d + 1) * (c + 1) * (c + 1)).Sum();

    public Architecture Parse(string text) =>
        TryParse(text, out var architecture, out var error) ? architecture! : throw new FormatException(error);

    public bool TryParse(string text, out Architecture? architecture, out string? error)
    {
        architecture = null;
        var parts = text.Split('-');
        if (parts.Length != DecisionCount) { error = $"expected {DecisionCount} layers, found {parts.Length}"; return false; }
        var choices = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            choices[i] = Array.IndexOf(Options, parts[i]);
            if (choices[i] < 0) { error = $"layer {i}: '{parts[i]}' is not one of {string.Join(", ", Options)}"; return false; }
        }
        architecture = new Architecture(Id, choices);
        error = null;
        return true;
    }

    public string Format(Architecture architecture) => string.Join('-', architecture.Choices.Select(c => Options[c]));

    public IEnumerable<Architecture> Enumerate()
    {
        for (var index = 0; index < 243; index++)
        {
            var choices = new int[5];
            var rest = index;
            for (var d = 4; d >= 0; d--) { choices[d] = rest % 3; rest /= 3; }
            yield return new Architecture(Id, choices);
        }
    }

    public Architecture Sample(Random random) => new(Id, Enumerable.Range(0, 5).Select(_ => random.Next(3)).ToArray());

    public Architecture Mutate(Architecture architecture, Random random)
    {
        var choices = architecture.Choices.ToArray();
        var d = random.Next(5);
        choices[d] = (choices[d] + 1 + random.Next(2)) % 3;
        return new Architecture(Id, choices);
    }

    public double[] Encode(Architecture architecture)
    {
        var vector = new double[16];
        for (var d = 0; d < 5; d++) vector[d * 3 + architecture.Choices[d]] = 1;
        vector[15] = Math.Log(1 + MultiplyAdds(architecture));
        return vector;
    }
}
