using EdgeOpt.Core.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace EdgeOpt.Runtime.Calibration;

/// <summary>
/// Measures activation ranges with ONNX Runtime on the CPU: exposes the requested tensors as extra graph
/// outputs, runs the fp32 model on <see cref="Samples"/> batches of standard normal inputs drawn from the seed,
/// and keeps each tensor's smallest and largest value.
/// </summary>
public sealed class OnnxRuntimeCalibrator : IActivationCalibrator
{
    public OnnxRuntimeCalibrator(int samples = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        Samples = samples;
    }

    /// <summary>Number of input batches run.</summary>
    public int Samples { get; }

    public IReadOnlyDictionary<string, (float Min, float Max)> Calibrate(
        byte[] fp32Model, IReadOnlyList<string> tensorNames, int seed)
    {
        ArgumentNullException.ThrowIfNull(fp32Model);
        ArgumentNullException.ThrowIfNull(tensorNames);
        var ranges = new Dictionary<string, (float Min, float Max)>();
        if (tensorNames.Count == 0) return ranges;

        var model = ModelProto.Parser.ParseFrom(fp32Model);
        var graph = model.Graph;
        var known = new HashSet<string>(graph.Node.SelectMany(n => n.Output));
        var existingOutputs = new HashSet<string>(graph.Output.Select(o => o.Name));
        foreach (var name in tensorNames)
        {
            if (!known.Contains(name))
                throw new ArgumentException($"tensor '{name}' is not produced by any node of the model", nameof(tensorNames));
            if (existingOutputs.Add(name))
                graph.Output.Add(new ValueInfoProto
                {
                    Name = name,
                    Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float } },
                });
        }

        if (graph.Input.Count != 1) throw new ArgumentException("the model must have exactly one input", nameof(fp32Model));
        var input = graph.Input[0];
        var shape = input.Type.TensorType.Shape.Dim.Select(d => d.DimValue).ToArray();
        if (shape.Any(d => d <= 0))
            throw new ArgumentException($"input '{input.Name}' must have a fixed shape", nameof(fp32Model));
        var count = shape.Aggregate(1L, (a, b) => a * b);

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model.ToByteArray(), options);
        using var runOptions = new RunOptions();
        var random = new Random(seed);
        var names = tensorNames.Distinct().ToArray();
        foreach (var name in names) ranges[name] = (float.PositiveInfinity, float.NegativeInfinity);

        for (var sample = 0; sample < Samples; sample++)
        {
            var data = new float[count];
            for (long i = 0; i < count; i++) data[i] = (float)StandardNormal(random);
            using var value = OrtValue.CreateTensorValueFromMemory(data, shape);
            using var outputs = session.Run(runOptions, [input.Name], [value], names);
            for (var k = 0; k < names.Length; k++)
            {
                var (min, max) = ranges[names[k]];
                foreach (var v in outputs[k].GetTensorDataAsSpan<float>())
                {
                    if (v < min) min = v;
                    if (v > max) max = v;
                }
                ranges[names[k]] = (min, max);
            }
        }
        return ranges;
    }

    private static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
