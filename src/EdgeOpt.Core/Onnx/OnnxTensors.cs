using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace EdgeOpt.Core.Onnx;

/// <summary>Builds ONNX tensors (raw little-endian data) and value infos.</summary>
internal static class OnnxTensors
{
    public static TensorProto Float(string name, float[] values, params long[] dims) =>
        Raw(name, DataType.Float, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public static TensorProto Half(string name, float[] values, params long[] dims)
    {
        var halves = new Half[values.Length];
        for (var i = 0; i < values.Length; i++) halves[i] = (Half)values[i];
        return Raw(name, DataType.Float16, MemoryMarshal.AsBytes(halves.AsSpan()), dims);
    }

    public static TensorProto Int8(string name, sbyte[] values, params long[] dims) =>
        Raw(name, DataType.Int8, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public static TensorProto UInt8(string name, byte[] values, params long[] dims) =>
        Raw(name, DataType.Uint8, values, dims);

    public static TensorProto Int32(string name, int[] values, params long[] dims) =>
        Raw(name, DataType.Int32, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public static TensorProto Int64(string name, long[] values, params long[] dims) =>
        Raw(name, DataType.Int64, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public static ValueInfoProto ValueInfo(string name, DataType type, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private static TensorProto Raw(string name, DataType type, ReadOnlySpan<byte> bytes, long[] dims)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw data is little-endian");
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
