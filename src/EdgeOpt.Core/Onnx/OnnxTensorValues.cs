using System.Buffers.Binary;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace EdgeOpt.Core.Onnx;

/// <summary>Reads a tensor's shape and, when small and stored inline, its values.</summary>
internal static class OnnxTensorValues
{
    public static OnnxValue ToValue(TensorProto tensor)
    {
        var shape = tensor.Dims.ToArray();
        var type = tensor.DataType;
        long count = 1;
        foreach (var d in shape) count *= d;
        if (count > OnnxValue.MaxTrackedElements || tensor.DataLocation == TensorProto.Types.DataLocation.External)
            return new OnnxValue(shape, type, true);
        return OnnxElementTypes.IsFloating(type)
            ? OnnxValue.Constant(shape, type, Floats(tensor, (int)count))
            : OnnxValue.Constant(shape, type, Ints(tensor, (int)count));
    }

    private static long[]? Ints(TensorProto t, int count)
    {
        if (t.RawData.Length > 0)
        {
            var raw = t.RawData.Span;
            var size = OnnxElementTypes.Size(t.DataType);
            if (raw.Length != (long)count * size) return null;
            var values = new long[count];
            for (var i = 0; i < count; i++)
            {
                var s = raw.Slice(i * size, size);
                values[i] = (DataType)t.DataType switch
                {
                    DataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(s),
                    DataType.Uint64 => (long)BinaryPrimitives.ReadUInt64LittleEndian(s),
                    DataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(s),
                    DataType.Uint32 => BinaryPrimitives.ReadUInt32LittleEndian(s),
                    DataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(s),
                    DataType.Uint16 => BinaryPrimitives.ReadUInt16LittleEndian(s),
                    DataType.Int8 => (sbyte)s[0],
                    DataType.Uint8 or DataType.Bool => s[0],
                    _ => 0,
                };
            }
            return (DataType)t.DataType is DataType.Int64 or DataType.Uint64 or DataType.Int32 or DataType.Uint32
                or DataType.Int16 or DataType.Uint16 or DataType.Int8 or DataType.Uint8 or DataType.Bool
                ? values
                : null;
        }
        if (t.Int64Data.Count == count) return t.Int64Data.ToArray();
        if (t.Int32Data.Count == count) return t.Int32Data.Select(v => (long)v).ToArray();
        if (t.Uint64Data.Count == count) return t.Uint64Data.Select(v => (long)v).ToArray();
        return count == 0 ? [] : null;
    }

    private static double[]? Floats(TensorProto t, int count)
    {
        if (t.RawData.Length > 0)
        {
            var raw = t.RawData.Span;
            var size = OnnxElementTypes.Size(t.DataType);
            if (raw.Length != (long)count * size) return null;
            var values = new double[count];
            for (var i = 0; i < count; i++)
            {
                var s = raw.Slice(i * size, size);
                values[i] = (DataType)t.DataType switch
                {
                    DataType.Float => BinaryPrimitives.ReadSingleLittleEndian(s),
                    DataType.Double => BinaryPrimitives.ReadDoubleLittleEndian(s),
                    DataType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(s),
                    DataType.Bfloat16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(s) << 16),
                    _ => double.NaN,
                };
            }
            return values;
        }
        if (t.FloatData.Count == count) return t.FloatData.Select(v => (double)v).ToArray();
        if (t.DoubleData.Count == count) return t.DoubleData.ToArray();
        if (t.Int32Data.Count == count && (DataType)t.DataType == DataType.Float16)
            return t.Int32Data.Select(v => (double)BitConverter.UInt16BitsToHalf((ushort)v)).ToArray();
        return count == 0 ? [] : null;
    }
}
