namespace EdgeOpt.Learning.Tests.TestSupport;

/// <summary>Tests that time something run alone, not beside the other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
