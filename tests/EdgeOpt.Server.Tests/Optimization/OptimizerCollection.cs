namespace EdgeOpt.Server.Tests.Optimization;

/// <summary>Optimizer tests search whole spaces on the CPU: one at a time and not beside other classes, whose servers they would starve.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OptimizerCollection
{
    public const string Name = "optimizer";
}
