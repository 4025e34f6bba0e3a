using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Networks;

/// <summary>Graph statistics of an architecture's generated network (placeholder until networks land).</summary>
public static class GraphFeatures
{
    public static GraphStats Of(Architecture architecture) =>
        throw new NotImplementedException("network definitions are not written yet");
}
