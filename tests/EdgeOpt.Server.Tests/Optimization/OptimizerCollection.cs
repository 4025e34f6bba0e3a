namespace EdgeOpt.Server.Tests.Optimization;

/// <summary>Optimizer tests search whole spaces on the CPU: one at a time, so they do not starve the other classes' servers.</summary>
[CollectionDefinition(Name)]
public sealed class OptimizerCollection
{
    public const string Name = "optimizer";
}
