using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Core.Networks;

/// <summary>Builds the network of an architecture of any supported space.</summary>
public static class NetworkDefinitions
{
    /// <summary>Classifier width of the NAS-Bench-201 and FBNet networks (CIFAR-100).</summary>
    public const int DefaultNumClasses = 100;

    /// <summary>
    /// The network of an architecture. <paramref name="numClasses"/> null: the family's own classifier width
    /// (<see cref="DefaultNumClasses"/> for nb201 and fbnet, <see cref="ConvnetNetwork.DefaultNumClasses"/> for convnet).
    /// </summary>
    public static Network Build(Architecture architecture, int? numClasses = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return architecture.SpaceId switch
        {
            Nb201Network.SpaceId => Nb201Network.Build(architecture, numClasses ?? DefaultNumClasses),
            FbnetNetwork.SpaceId => FbnetNetwork.Build(architecture, numClasses ?? DefaultNumClasses),
            ConvnetNetwork.SpaceId => ConvnetNetwork.Build(architecture, numClasses ?? ConvnetNetwork.DefaultNumClasses),
            _ => throw new ArgumentException(
                $"no network definition for space '{architecture.SpaceId}'; supported: " +
                $"{Nb201Network.SpaceId}, {FbnetNetwork.SpaceId}, {ConvnetNetwork.SpaceId}", nameof(architecture)),
        };
    }
}
