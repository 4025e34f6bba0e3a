using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.NeuralLinear;
using EdgeOpt.Learning.Numerics;

namespace EdgeOpt.Learning.Persistence;

/// <summary>
/// The "neural-linear" part of a latency model file: featurizer, trainer options, noise, each ensemble member's
/// embedding weights (with the input standardization) and head prior, and the pool of training architectures.
/// </summary>
internal static class NeuralLinearCodec
{
    public static void Write(ModelWriter writer, NeuralLinearModel model)
    {
        LatencyModelFile.WriteFeaturizer(writer, model.Featurizer);
        OptionsCodec.Write(writer, "options", model.Options);
        writer.Double("noise", model.Noise);
        writer.Int("members", model.Members.Count);
        foreach (var member in model.Members)
        {
            var network = member.Network;
            var p = network.Parameters;
            writer.Int("member.hidden", network.Hidden);
            writer.Int("member.embedding", network.EmbeddingSize);
            writer.Floats("member.inputRows", p.InputRows);
            writer.Floats("member.bias1", p.Bias1);
            writer.Floats("member.weights2", p.Weights2);
            writer.Floats("member.bias2", p.Bias2);
            writer.Floats("member.weights3", p.Weights3);
            writer.Floats("member.bias3", p.Bias3);
            writer.Doubles("member.denseMean", p.DenseMean);
            writer.Doubles("member.denseScale", p.DenseScale);
            writer.Doubles("member.prior.mean", member.Prior.Mean);
            writer.Doubles("member.prior.factor", member.Prior.Factor.Lower);
            writer.Double("member.prior.jitter", member.Prior.Factor.Jitter);
        }
        LatencyModelFile.WriteArchitectures(writer, "pool", model.Space, model.Pool);
    }

    public static NeuralLinearModel Read(ModelReader reader, ISearchSpace space, string[] devices)
    {
        var featurizer = LatencyModelFile.ReadFeaturizer(reader, space);
        var options = OptionsCodec.Read<NeuralLinearTrainer.Options>(reader, "options");
        var noise = reader.FiniteDouble("noise");
        if (!(noise > 0)) throw reader.Bad("noise", $"is {noise}; a variance > 0 is required");
        var count = reader.Int("members", 0, 1000);
        if ((count == 0) != (devices.Length == 0))
            throw reader.Bad("members", $"is {count} for {devices.Length} known devices (members exist exactly when devices are known)");
        var members = new EmbeddingMember[count];
        for (var m = 0; m < count; m++)
        {
            var hidden = reader.Int("member.hidden", 1, 1 << 16);
            var embedding = reader.Int("member.embedding", 1, 1 << 16);
            var inputRows = reader.Floats("member.inputRows", featurizer.Length * hidden);
            var bias1 = reader.Floats("member.bias1", hidden);
            var weights2 = reader.Floats("member.weights2", hidden * hidden);
            var bias2 = reader.Floats("member.bias2", hidden);
            var weights3 = reader.Floats("member.weights3", embedding * hidden);
            var bias3 = reader.Floats("member.bias3", embedding);
            var denseMean = reader.Doubles("member.denseMean", featurizer.DenseLength);
            var denseScale = reader.Doubles("member.denseScale", featurizer.DenseLength);
            var network = new FeatureNetwork(featurizer, hidden, embedding, inputRows, bias1, weights2, bias2, weights3, bias3, denseMean, denseScale);
            var mean = reader.Doubles("member.prior.mean", embedding + 1);
            var lower = reader.Doubles("member.prior.factor", (embedding + 1) * (embedding + 1));
            var jitter = reader.FiniteDouble("member.prior.jitter");
            CholeskyFactor factor;
            try { factor = CholeskyFactor.FromLower(embedding + 1, lower, jitter); }
            catch (ArgumentException e) { throw reader.Bad("member.prior.factor", e.Message); }
            members[m] = new EmbeddingMember(network, HeadPrior.Restore(mean, factor));
        }
        var pool = LatencyModelFile.ReadArchitectures(reader, "pool", space);
        return new NeuralLinearModel(space, devices, featurizer, members, pool, noise, options);
    }
}
