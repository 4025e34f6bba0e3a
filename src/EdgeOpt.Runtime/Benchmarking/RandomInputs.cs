using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>
/// Seeded random input tensors shaped from a session's input metadata. A dynamic first dimension becomes
/// the batch size; a fixed first dimension must equal it; any other dynamic dimension is an error, since
/// the runner cannot guess it. Floating inputs are uniform in [-1, 1), integers in [0, 10), booleans fair coins.
/// </summary>
internal static class RandomInputs
{
    public static (string[] Names, OrtValue[] Values, Dictionary<string, long[]> Shapes) Create(
        InferenceSession session, int batchSize, int seed)
    {
        var random = new Random(seed);
        var names = session.InputNames.ToArray();
        var values = new List<OrtValue>(names.Length);
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        try
        {
            foreach (var name in names)
            {
                var meta = session.InputMetadata[name];
                if (!meta.IsTensor)
                    throw new NotSupportedException($"input '{name}' is a {meta.OnnxValueType}; only tensor inputs can be fed");
                var shape = ShapeOf(name, meta, batchSize);
                var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, meta.ElementDataType, shape);
                values.Add(value);
                Fill(value, meta.ElementDataType, random, name);
                shapes[name] = shape;
            }
            return (names, values.ToArray(), shapes);
        }
        catch
        {
            foreach (var v in values) v.Dispose();
            throw;
        }
    }

    private static long[] ShapeOf(string name, NodeMetadata meta, int batchSize)
    {
        var dims = meta.Dimensions;
        var symbols = meta.SymbolicDimensions;
        var shape = new long[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] >= 0)
            {
                if (i == 0 && dims[i] != batchSize)
                    throw new NotSupportedException(
                        $"input '{name}' has a fixed batch dimension of {dims[i]} but BatchSize is {batchSize}; " +
                        $"export the model with a dynamic batch dimension or set BatchSize to {dims[i]}");
                shape[i] = dims[i];
            }
            else if (i == 0)
            {
                shape[i] = batchSize;
            }
            else
            {
                var symbol = i < symbols.Length && !string.IsNullOrEmpty(symbols[i]) ? $" ('{symbols[i]}')" : "";
                throw new NotSupportedException(
                    $"input '{name}' has a dynamic dimension {i}{symbol}; only the batch dimension (0) may be dynamic");
            }
        }
        return shape;
    }

    private static void Fill(OrtValue value, TensorElementType type, Random random, string name)
    {
        switch (type)
        {
            case TensorElementType.Float: Fill(value, random, r => (float)(r.NextDouble() * 2 - 1)); break;
            case TensorElementType.Double: Fill(value, random, r => r.NextDouble() * 2 - 1); break;
            case TensorElementType.Float16: Fill(value, random, r => (Float16)(float)(r.NextDouble() * 2 - 1)); break;
            case TensorElementType.BFloat16: Fill(value, random, r => (BFloat16)(float)(r.NextDouble() * 2 - 1)); break;
            case TensorElementType.Int8: Fill(value, random, r => (sbyte)r.Next(10)); break;
            case TensorElementType.UInt8: Fill(value, random, r => (byte)r.Next(10)); break;
            case TensorElementType.Int16: Fill(value, random, r => (short)r.Next(10)); break;
            case TensorElementType.UInt16: Fill(value, random, r => (ushort)r.Next(10)); break;
            case TensorElementType.Int32: Fill(value, random, r => r.Next(10)); break;
            case TensorElementType.UInt32: Fill(value, random, r => (uint)r.Next(10)); break;
            case TensorElementType.Int64: Fill(value, random, r => (long)r.Next(10)); break;
            case TensorElementType.UInt64: Fill(value, random, r => (ulong)r.Next(10)); break;
            case TensorElementType.Bool: Fill(value, random, r => r.Next(2) == 1); break;
            default:
                throw new NotSupportedException(
                    $"input '{name}' has element type {type}; supported: float, double, float16, bfloat16, (u)int8/16/32/64, bool");
        }
    }

    private static void Fill<T>(OrtValue value, Random random, Func<Random, T> next) where T : unmanaged
    {
        var span = value.GetTensorMutableDataAsSpan<T>();
        for (var i = 0; i < span.Length; i++) span[i] = next(random);
    }
}
