using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Networks;

/// <summary>Builds the network of an architecture of any supported space.</summary>
public static class NetworkDefinitions
{
    public const int DefaultNumClasses = 100;

    public static Network Build(Architecture architecture, int numClasses = DefaultNumClasses)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return architecture.SpaceId switch
        {
            Nb201Network.SpaceId => Nb201Network.Build(architecture, numClasses),
            FbnetNetwork.SpaceId => FbnetNetwork.Build(architecture, numClasses),
            _ => throw new ArgumentException(
                $"no network definition for space '{architecture.SpaceId}'; supported: " +
                $"{Nb201Network.SpaceId}, {FbnetNetwork.SpaceId}", nameof(architecture)),
        };
    }
}
