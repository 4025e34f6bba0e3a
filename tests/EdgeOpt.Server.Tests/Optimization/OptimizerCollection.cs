namespace EdgeOpt.Server.Tests.Optimization;

X
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OptimizerCollection
{
    public const string Name = "optimizer";
}
