using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Optimization.Neural;

/// <summary>
/// The shapes of the neural optimizer's input and output for one space and feature set.
/// <para>Input (<see cref="InputSize"/> values): the device's <see cref="FeatureCount"/> normalized log latencies at
/// the feature architectures, then the budget relative to them ((ln B - mean) / spread), ln spread, the objective
/// weights (accuracy, log latency, log energy), the allowed-precision mask (fp32, fp16, int8), and the measured
/// whole-network log cost factors of fp16 and int8 (0 = no gain).</para>
/// <para>Output: <see cref="DecisionCount"/> x <see cref="OptionCount"/> logits (one categorical per decision; options a
/// decision does not have are masked) then <see cref="SlotCount"/> x 3 precision logits.</para>
/// </summary>
public sealed record PolicyLayout(string SpaceId, int FeatureCount, int DecisionCount, int OptionCount, int[] OptionsPerDecision, int SlotCount)
{
    public const int ContextSize = 10;
    public const int PrecisionCount = 3;

    public static PolicyLayout For(ISearchSpace space, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 2);
        var options = Enumerable.Range(0, space.DecisionCount).Select(d => space.OptionsAt(d).Count).ToArray();
        return new PolicyLayout(space.Id, featureCount, space.DecisionCount, options.Max(), options, space.PrecisionSlots);
    }

    public int InputSize => FeatureCount + ContextSize;

    public int ArchitectureLogits => DecisionCount * OptionCount;

    public int OutputSize => ArchitectureLogits + SlotCount * PrecisionCount;
}
