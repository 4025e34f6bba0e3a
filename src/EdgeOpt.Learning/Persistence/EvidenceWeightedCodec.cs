using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency.NeuralLinear;

namespace EdgeOpt.Learning.Persistence;

/// <summary>
/// The evidence-weighted part of a "neural-linear" latency model file: the signature size, then each model (the first
/// chooses the signature) as <see cref="NeuralLinearCodec"/> writes it, in order.
/// </summary>
internal static class EvidenceWeightedCodec
{
    /// <summary>Most models one file may hold (guards against a damaged count).</summary>
    private const int MaxModels = 64;

    public static void Write(ModelWriter writer, EvidenceWeightedModels model)
    {
        writer.Int("evidence.signatureSize", model.SignatureSize);
        writer.Int("evidence.models", model.Models.Count);
        foreach (var member in model.Models) NeuralLinearCodec.Write(writer, member);
    }

    public static EvidenceWeightedModels Read(ModelReader reader, ISearchSpace space, string[] devices)
    {
        var signatureSize = reader.Int("evidence.signatureSize", 1, int.MaxValue);
        var count = reader.Int("evidence.models", 1, MaxModels);
        var models = new NeuralLinearModel[count];
        for (var i = 0; i < count; i++) models[i] = NeuralLinearCodec.Read(reader, space, devices);
        return new EvidenceWeightedModels(models, signatureSize);
    }
}
