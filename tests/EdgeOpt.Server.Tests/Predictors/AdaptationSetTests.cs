using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Server.Predictors;

namespace EdgeOpt.Server.Tests.Predictors;

public sealed class AdaptationSetTests
{
    [Fact]
    public void AdaptationSet_ManyMeasurements_KeepsTheSignatureSetAndTheMostRecent()
    {
        var cells = SearchSpaces.Nb201.Enumerate().Take(40).ToArray();
        var observations = cells.Select((a, i) => new LatencyObservation(a, i + 1)).ToArray();

        var kept = DeviceModeler.AdaptationSet(observations, max: 15, signature: 10);

        Assert.Equal(observations.Take(10).Concat(observations.Skip(35)), kept);
    }

    [Fact]
    public void AdaptationSet_FewMeasurements_KeepsAll()
    {
        var observations = SearchSpaces.Nb201.Enumerate().Take(12).Select((a, i) => new LatencyObservation(a, i + 1)).ToArray();

        Assert.Same(observations, DeviceModeler.AdaptationSet(observations, max: 12, signature: 10));
    }
}
