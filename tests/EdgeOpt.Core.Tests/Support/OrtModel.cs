using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace EdgeOpt.Core.Tests.Support;

/// <summary>Runs models in ONNX Runtime (CPU, one thread) on seeded inputs shaped as the model's input (dynamic dims as 1).</summary>
internal static class OrtModel
{
    public static (float[] Values, long[] Shape) Run(byte[] model, int batch = 1, int inputSeed = 1) =>
        RunOutputs(model, ["logits"], batch, inputSeed)["logits"];

    /// <summary>Runs the model exposing extra (float) tensors as outputs, e.g. to read their shapes.</summary>
    public static Dictionary<string, (float[] Values, long[] Shape)> RunOutputs(
        byte[] model, IReadOnlyList<string> names, int batch = 1, int inputSeed = 1)
    {
        var proto = ModelProto.Parser.ParseFrom(model);
        var existing = proto.Graph.Output.Select(o => o.Name).ToHashSet();
        foreach (var name in names.Where(n => !existing.Contains(n)))
            proto.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto
                {
                    TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float },
                },
            });

        var initializers = proto.Graph.Initializer.Select(i => i.Name).ToHashSet();
        var input = proto.Graph.Input.First(i => !initializers.Contains(i.Name));
        var dims = input.Type.TensorType.Shape.Dim.Select((d, i) => d.HasDimValue && d.DimValue > 0 ? d.DimValue : 1L).ToArray();
        dims[0] = batch;

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(proto.ToByteArray(), options);
        var random = new Random(inputSeed);
        var data = new float[dims.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1) * 1.7f;
        using var value = OrtValue.CreateTensorValueFromMemory(data, dims);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [input.Name], [value], names.ToArray());
        var result = new Dictionary<string, (float[], long[])>();
        for (var i = 0; i < names.Count; i++)
            result[names[i]] = (outputs[i].GetTensorDataAsSpan<float>().ToArray(),
                outputs[i].GetTensorTypeAndShape().Shape);
        return result;
    }
}
