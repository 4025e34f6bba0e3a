using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Proxy;

namespace EdgeOpt.Learning.Tests.Proxy;

public sealed class AdaptedProxyPredictorTests
{
    private static readonly EdgeOpt.Core.Spaces.Architecture[] Architectures = ProxyTestFleet.Architectures(400, 21);
    private static readonly KnownDeviceLatencies Known = ProxyTestFleet.Known(ProxyTestFleet.KnownTable(Architectures));

    private static LatencyObservation[] Observe(Func<EdgeOpt.Core.Spaces.Architecture, double> latency, int count) =>
        Architectures.Take(count).Select(a => new LatencyObservation(a, latency(a))).ToArray();

    [Fact]
    public void Fit_NewDeviceExactlyAScaledProxy_KeepsTheScaledProxyWithoutCorrections()
    {
        var observations = Observe(a => Math.Exp(0.2 + 0.9 * Math.Log(ProxyTestFleet.Latency(a, ProxyTestFleet.KnownCosts["gpu"]))), 40);
        var adapted = AdaptedProxyPredictor.Fit(Known, ["gpu", "cpu", "dsp"], observations);

        var parameters = adapted.Parameters;
        Assert.False(parameters.Corrected);
        Assert.Empty(parameters.Corrections);
        Assert.All(parameters.FurtherProxies.Values, v => Assert.Equal(0, v));
        Assert.Equal(double.PositiveInfinity, parameters.Lambda);
        Assert.Equal(0.9, parameters.Scale, 6);
        Assert.Equal(0.2, parameters.Intercept, 6);
    }

    [Fact]
    public void Fit_DeviceWithItsOwnOperatorCosts_UsesTheCorrections_AndPredictsUnseenArchitecturesBetterThanTheProxy()
    {
        double Different(EdgeOpt.Core.Spaces.Architecture a) => ProxyTestFleet.Latency(a, ProxyTestFleet.DifferentCosts);
        var adapted = AdaptedProxyPredictor.Fit(Known, ["dsp"], Observe(Different, 60));

        Assert.True(adapted.Parameters.Corrected);
        Assert.True(adapted.Parameters.LooSpearman > adapted.Parameters.ProxySpearman);
        var unseen = Architectures.Skip(60).ToArray();
        var truth = unseen.Select(Different).ToArray();
        var adaptedSrcc = Correlation.Spearman(adapted.Predict(unseen).Select(p => p.LogMean).ToArray(), truth);
        var proxySrcc = Correlation.Spearman(Known.LogLatencies(Known.IndexOf("dsp"), unseen), truth);
        Assert.True(adaptedSrcc > proxySrcc + 0.1, $"adapted {adaptedSrcc:F3}, proxy {proxySrcc:F3}");
        Assert.All(adapted.Predict(unseen), p => Assert.True(p.LogStdDev > 0));
    }

    [Fact]
    public void Fit_FewerThanThreeMeasurements_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => AdaptedProxyPredictor.Fit(Known, "gpu", Observe(a => 1.0, 2)));
        Assert.Contains("at least 3", error.Message);
    }
}
