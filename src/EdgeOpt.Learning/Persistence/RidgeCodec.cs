using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.Ridge;

namespace EdgeOpt.Learning.Persistence;

/// <summary>The "ridge" part of a latency model file: featurizer, seed, and the known devices' basis when present.</summary>
internal static class RidgeCodec
{
    public static void Write(ModelWriter writer, RidgeLatencyModel model)
    {
        LatencyModelFile.WriteFeaturizer(writer, model.Featurizer);
        writer.Int("seed", model.Seed);
        var basis = model.Basis;
        writer.Bool("basis", basis is not null);
        if (basis is null) return;
        LatencyModelFile.WriteArchitectures(writer, "basis.rows", model.Space, basis.Rows);
        for (var d = 0; d < basis.Count; d++)
        {
            writer.Doubles("basis.standardized", basis.Standardized[d]);
            writer.Double("basis.mean", basis.Means[d]);
            writer.Double("basis.scale", basis.Scales[d]);
            writer.Double("basis.fallback.intercept", basis.Fallbacks[d].Intercept);
            writer.Doubles("basis.fallback.effects", basis.Fallbacks[d].Effects.ToArray());
        }
    }

    public static RidgeLatencyModel Read(ModelReader reader, ISearchSpace space, string[] devices)
    {
        var featurizer = LatencyModelFile.ReadFeaturizer(reader, space);
        var seed = reader.Int("seed");
        KnownDeviceBasis? basis = null;
        var hasBasis = reader.Bool("basis");
        if (hasBasis != devices.Length > 0)
            throw reader.Bad("basis", $"is {hasBasis} for {devices.Length} known devices (a basis exists exactly when devices are known)");
        if (hasBasis)
        {
            var rows = LatencyModelFile.ReadArchitectures(reader, "basis.rows", space);
            var standardized = new double[devices.Length][];
            var means = new double[devices.Length];
            var scales = new double[devices.Length];
            var fallbacks = new AdditiveLogModel[devices.Length];
            for (var d = 0; d < devices.Length; d++)
            {
                standardized[d] = reader.Doubles("basis.standardized", rows.Length);
                means[d] = reader.FiniteDouble("basis.mean");
                scales[d] = reader.FiniteDouble("basis.scale");
                if (!(scales[d] > 0)) throw reader.Bad("basis.scale", $"is {scales[d]} for device '{devices[d]}'; must be > 0");
                var intercept = reader.FiniteDouble("basis.fallback.intercept");
                fallbacks[d] = AdditiveLogModel.Restore(featurizer, intercept, reader.Doubles("basis.fallback.effects", featurizer.OneHotLength));
            }
            basis = KnownDeviceBasis.Restore(rows, standardized, means, scales, fallbacks);
        }
        return new RidgeLatencyModel(space, devices, featurizer, basis, seed);
    }
}
