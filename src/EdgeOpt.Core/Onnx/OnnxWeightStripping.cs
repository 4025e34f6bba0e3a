using Google.Protobuf;
using Onnx;

namespace EdgeOpt.Core.Onnx;

/// <summary>
/// Makes a model small enough to send for costing: the values of every constant tensor with more than
/// <see cref="OnnxValue.MaxTrackedElements"/> elements (the weights) are dropped, since <see cref="OnnxGraphFeaturizer"/>
/// reads only their shape and element type. Such a tensor keeps its dims and type and is marked as external data at
/// <see cref="StrippedLocation"/>, so the bytes stay a well-formed ONNX model that featurizes exactly as the original
/// (but no longer runs). Graph initializers and Constant nodes' <c>value</c> tensors are stripped; small constants
/// (shapes, axes, scales) are kept. A ResNet18 of 64 MB becomes a few kilobytes, well within a gRPC message.
/// </summary>
public static class OnnxWeightStripping
{
    /// <summary>The external-data location written into each stripped tensor.</summary>
    public const string StrippedLocation = "edgeopt-stripped-weights";

    /// <summary>The model without its large constant tensors' values; the bytes unchanged when it has none.</summary>
    /// <exception cref="OnnxFeaturizationException">The bytes are not an ONNX model.</exception>
    public static byte[] StripForCosting(byte[] model)
    {
        var proto = OnnxGraphFeaturizer.Parse(model);
        if (proto.Graph is null) return model;
        var stripped = 0;
        foreach (var tensor in proto.Graph.Initializer) stripped += Strip(tensor);
        foreach (var node in proto.Graph.Node.Where(n => n.OpType == "Constant" && n.Domain is "" or "ai.onnx"))
            foreach (var attribute in node.Attribute.Where(a => a.Name == "value" && a.T is not null))
                stripped += Strip(attribute.T);
        return stripped == 0 ? model : proto.ToByteArray();
    }

    private static int Strip(TensorProto tensor)
    {
        long count = 1;
        foreach (var d in tensor.Dims) count *= d;
        if (count <= OnnxValue.MaxTrackedElements || tensor.DataLocation == TensorProto.Types.DataLocation.External) return 0;
        tensor.RawData = ByteString.Empty;
        tensor.FloatData.Clear();
        tensor.DoubleData.Clear();
        tensor.Int32Data.Clear();
        tensor.Int64Data.Clear();
        tensor.Uint64Data.Clear();
        tensor.StringData.Clear();
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ExternalData.Clear();
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = StrippedLocation });
        return 1;
    }
}
