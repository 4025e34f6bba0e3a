using DataType = Onnx.TensorProto.Types.DataType;

namespace EdgeOpt.Core.Onnx;

/// <summary>Sizes and names of ONNX tensor element types.</summary>
internal static class OnnxElementTypes
{
    public const int Float = (int)DataType.Float;
    public const int Int64 = (int)DataType.Int64;
    public const int Bool = (int)DataType.Bool;
    public const int Int32 = (int)DataType.Int32;
    public const int UInt8 = (int)DataType.Uint8;

    public static int Size(int elementType) => (DataType)elementType switch
    {
        DataType.Float or DataType.Int32 or DataType.Uint32 => 4,
        DataType.Double or DataType.Int64 or DataType.Uint64 or DataType.Complex64 => 8,
        DataType.Complex128 => 16,
        DataType.Float16 or DataType.Bfloat16 or DataType.Int16 or DataType.Uint16 => 2,
        DataType.Int8 or DataType.Uint8 or DataType.Bool => 1,
        DataType.Float8E4M3Fn or DataType.Float8E4M3Fnuz or DataType.Float8E5M2 or DataType.Float8E5M2Fnuz => 1,
        _ => 4,
    };

    public static bool IsFloating(int elementType) => (DataType)elementType is
        DataType.Float or DataType.Double or DataType.Float16 or DataType.Bfloat16;

    public static string Name(int elementType) => (DataType)elementType switch
    {
        DataType.Float => "float",
        DataType.Float16 => "float16",
        DataType.Bfloat16 => "bfloat16",
        DataType.Double => "double",
        DataType.Int8 => "int8",
        DataType.Uint8 => "uint8",
        DataType.Int16 => "int16",
        DataType.Uint16 => "uint16",
        DataType.Int32 => "int32",
        DataType.Uint32 => "uint32",
        DataType.Int64 => "int64",
        DataType.Uint64 => "uint64",
        DataType.Bool => "bool",
        DataType.String => "string",
        _ => $"type{elementType}",
    };
}
