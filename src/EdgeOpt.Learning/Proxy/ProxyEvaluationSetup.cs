using EdgeOpt.Learning.Evaluation;

namespace EdgeOpt.Learning.Proxy;

/// <summary>
/// What <c>edgeopt eval proxy</c> evaluates (evaluation guide, section 2): the data and K as for the latency
/// evaluation, plus the workflow's settings. <see cref="LatencyEvaluationSetup.Samples"/> is K and
/// <see cref="LatencyEvaluationSetup.Seed"/> the seed; they override <see cref="ProxyOptions.InitialSamples"/> and
/// <see cref="ProxyOptions.Seed"/>.
/// </summary>
public sealed class ProxyEvaluationSetup
{
    /// <summary>Data, devices, K and seed. A training table is required (the proxies are its devices).</summary>
    public required LatencyEvaluationSetup Data { get; init; }

    /// <summary>The workflow's settings (threshold, cap, calibration, ...).</summary>
    public ProxyOptions Options { get; init; } = new();

    /// <summary>The options in effect: <see cref="Options"/> with K and the seed of <see cref="Data"/>.</summary>
    public ProxyOptions EffectiveOptions => Options with { InitialSamples = Data.Samples, Seed = Data.Seed };
}
