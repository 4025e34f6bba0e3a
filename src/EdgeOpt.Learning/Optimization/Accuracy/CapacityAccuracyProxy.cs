using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;

namespace EdgeOpt.Learning.Optimization.Accuracy;

/// <summary>
/// A stand-in accuracy for a space without measured accuracy (e.g. FBNet here): a saturating function of network
/// capacity, labelled <see cref="AccuracyProvenance.Estimated"/>. It is NOT a prediction of any dataset's accuracy;
/// it exists so that optimizers can be compared on a space with a plausible accuracy/cost trade-off (bigger networks
/// are better, with diminishing returns), and it should be replaced by a table or an <see cref="AccuracyModel"/>
/// as soon as trained networks exist.
/// <para>Capacity c(a) = 0.7 ln(multiply-adds) + 0.3 ln(parameters), both taken as a per-decision additive
/// approximation of the network's counts (<see cref="GraphFeatures"/> of one probe network per decision and option,
/// so a query costs a table lookup; for NAS-Bench-201 and FBNet multiply-adds it matches the full count exactly, as
/// every decision's layers have fixed shapes); u = (c - c_min) / (c_max - c_min) over the space; top-1 =
/// <see cref="Floor"/> + <see cref="Span"/> x (1 - e^(-3u)) / (1 - e^(-3)). The interval is ±<see cref="Band"/> points.</para>
/// </summary>
public sealed class CapacityAccuracyProxy : IAccuracySource
{
    private const double Curvature = 3.0;
    private readonly double[][] _macs;
    private readonly double[][] _params;
    private readonly double _baseMacs;
    private readonly double _baseParams;
    private readonly double _cMin;
    private readonly double _cMax;

    public CapacityAccuracyProxy(ISearchSpace space, double floor = 60.0, double span = 15.0, double band = 2.0)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (!(double.IsFinite(floor) && floor >= 0 && double.IsFinite(span) && span > 0 && floor + span <= 100))
            throw new ArgumentOutOfRangeException(nameof(floor), "floor >= 0, span > 0 and floor + span <= 100 (top-1 percent)");
        if (!(double.IsFinite(band) && band >= 0)) throw new ArgumentOutOfRangeException(nameof(band), band, "band >= 0 points");
        Space = space;
        Floor = floor;
        Span = span;
        Band = band;
        var baseChoices = new int[space.DecisionCount];
        var baseStats = GraphFeatures.Of(new Architecture(space.Id, baseChoices));
        _baseMacs = baseStats.MultiplyAdds;
        _baseParams = baseStats.Parameters;
        _macs = new double[space.DecisionCount][];
        _params = new double[space.DecisionCount][];
        for (var d = 0; d < space.DecisionCount; d++)
        {
            var count = space.OptionsAt(d).Count;
            _macs[d] = new double[count];
            _params[d] = new double[count];
            for (var o = 1; o < count; o++)
            {
                var choices = (int[])baseChoices.Clone();
                choices[d] = o;
                var stats = GraphFeatures.Of(new Architecture(space.Id, choices));
                _macs[d][o] = stats.MultiplyAdds - _baseMacs;
                _params[d][o] = stats.Parameters - _baseParams;
            }
        }
        double minMacs = _baseMacs, maxMacs = _baseMacs, minParams = _baseParams, maxParams = _baseParams;
        for (var d = 0; d < space.DecisionCount; d++)
        {
            minMacs += _macs[d].Min();
            maxMacs += _macs[d].Max();
            minParams += _params[d].Min();
            maxParams += _params[d].Max();
        }
        _cMin = Capacity(Math.Max(minMacs, 1), Math.Max(minParams, 1));
        _cMax = Capacity(Math.Max(maxMacs, 1), Math.Max(maxParams, 1));
        if (!(_cMax > _cMin)) throw new ArgumentException($"search space '{space.Id}': every member has the same capacity", nameof(space));
        Name = FormattableString.Invariant($"capacity-proxy({space.Id}: {floor:0.#}..{floor + span:0.#} % by ln MACs/params; not measured)");
    }

    public string Name { get; }

    public ISearchSpace Space { get; }

    public double Floor { get; }

    public double Span { get; }

    public double Band { get; }

    public AccuracyProvenance Provenance => AccuracyProvenance.Estimated;

    public IReadOnlyList<Architecture>? Architectures => null;

    public double Top1(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.SpaceId != Space.Id || architecture.Choices.Count != Space.DecisionCount)
            throw new ArgumentException($"architecture {architecture} is not a member of search space '{Space.Id}'", nameof(architecture));
        double macs = _baseMacs, parameters = _baseParams;
        for (var d = 0; d < _macs.Length; d++)
        {
            var c = architecture.Choices[d];
            macs += _macs[d][c];
            parameters += _params[d][c];
        }
        var u = Math.Clamp((Capacity(Math.Max(macs, 1), Math.Max(parameters, 1)) - _cMin) / (_cMax - _cMin), 0, 1);
        return Floor + Span * (1 - Math.Exp(-Curvature * u)) / (1 - Math.Exp(-Curvature));
    }

    public AccuracyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var result = new AccuracyPrediction[architectures.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var top1 = Top1(architectures[i]);
            result[i] = new AccuracyPrediction(top1, Math.Max(0, top1 - Band), Math.Min(100, top1 + Band));
        }
        return result;
    }

    private static double Capacity(double macs, double parameters) => 0.7 * Math.Log(macs) + 0.3 * Math.Log(parameters);
}
