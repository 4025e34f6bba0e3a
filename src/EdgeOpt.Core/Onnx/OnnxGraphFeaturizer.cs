using Google.Protobuf;
using Onnx;

namespace EdgeOpt.Core.Onnx;

/// <summary>
/// Reads any ONNX model (OnnxSharp, no inference runtime) and describes it for a cost predictor: it propagates
/// shapes itself from the graph inputs (dynamic batch taken as 1; value_info used to fill in after a fallback and
/// checked against), then records each node's kernel, strides, groups, channels, multiply-adds, other element
/// operations, parameters and activation bytes (<see cref="OnnxOperatorRecord"/>), the totals and depth
/// (<see cref="OnnxGraphSummary"/>) and a fixed-length feature vector (<see cref="FeatureNames"/>).
/// Covers the usual CNN operators: Conv (groups, dilations, pads, auto_pad), ConvTranspose, Gemm, MatMul,
/// activations (Relu, Clip, Sigmoid, HardSwish, HardSigmoid, ...), Add / Sub / Mul / Div, Concat, Reshape, Flatten,
/// Transpose, Squeeze, Unsqueeze, MaxPool / AveragePool (ceil_mode) / GlobalAveragePool, BatchNormalization,
/// Softmax, Pad, Resize, Identity, Dropout, QuantizeLinear / DequantizeLinear / QLinearConv / QLinearMatMul, Cast,
/// reductions and the shape arithmetic exporters emit (Shape, Gather, Slice, Concat, Constant, ...); also ONNX
/// Runtime's NCHW com.microsoft fusions and QOperator ops (FusedConv, FusedGemm, QLinearAdd, QLinearConcat, ...), but
/// not its layout-changing ones (com.microsoft.nchwc.*) nor channels-last forms.
/// An operator without a rule is an error naming every such op type and node, unless
/// <see cref="UnsupportedOperatorPolicy.ElementwiseFallback"/> is chosen (then each is listed in the warnings).
/// A node whose inputs are all constant is folded at load time (as ONNX Runtime's constant folding does): it has no
/// cost, parameters or activations of its own. So weight dequantization costs nothing, and a subgraph that does not
/// depend on the input (e.g. behind an all-'none' NAS-Bench-201 cell) is not counted.
/// Thread-safe.
/// </summary>
public static class OnnxGraphFeaturizer
{
    /// <summary>Names of <see cref="OnnxGraphAnalysis.Features"/>, in order (the same for every model).</summary>
    public static IReadOnlyList<string> FeatureNames => OnnxFeatureVector.Names;

    /// <summary>Operators of the default ONNX domain that have a shape and cost rule.</summary>
    public static IReadOnlyCollection<string> SupportedOperators => OnnxShapeRules.SupportedOpTypes;

    public static OnnxGraphAnalysis FeaturizeFile(string path, OnnxFeaturizerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Featurize(File.ReadAllBytes(path), options);
    }

    public static OnnxGraphAnalysis Featurize(byte[] model, OnnxFeaturizerOptions? options = null) => Featurize(Parse(model), options);

    /// <summary>The bytes as an ONNX model.</summary>
    /// <exception cref="OnnxFeaturizationException">The bytes are not an ONNX model.</exception>
    internal static ModelProto Parse(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            return ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFeaturizationException($"the bytes are not an ONNX model: {e.Message}", e);
        }
    }

    public static OnnxGraphAnalysis Featurize(ModelProto model, OnnxFeaturizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new Walk(model, options ?? OnnxFeaturizerOptions.Default).Run();
    }

    /// <summary>One featurization: the state of the walk through a graph.</summary>
    private sealed class Walk
    {
        private readonly GraphProto _graph;
        private readonly OnnxFeaturizerOptions _options;
        private readonly int _opset;
        private readonly Dictionary<string, OnnxValue> _values = [];
        private readonly Dictionary<string, long[]> _declared = [];
        private readonly Dictionary<string, int> _depth = [];
        private readonly HashSet<string> _countedParameters = [];
        private readonly List<string> _warnings = [];
        private readonly List<OnnxOperatorRecord> _records = [];
        private readonly List<string> _kinds = [];
        private readonly List<string> _fallbacks = [];
        private long _peakActivationBytes;

        public Walk(ModelProto model, OnnxFeaturizerOptions options)
        {
            _graph = model.Graph ?? throw new OnnxFeaturizationException("the model has no graph");
            _options = options;
            _opset = (int)(model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 21);
        }

        public OnnxGraphAnalysis Run()
        {
            var names = _graph.Node.Select((n, i) => DisplayName(n, i)).ToArray();
            RejectUnsupported(names);
            ReadInitializers();
            ReadInputs();
            ReadDeclaredShapes();
            foreach (var index in TopologicalOrder(names)) Visit(_graph.Node[index], names[index]);
            var summary = Summarize();
            var inputs = _graph.Input.Where(i => _values.TryGetValue(i.Name, out var v) && !v.IsConstant)
                .Select(i => _values[i.Name]).ToArray();
            var outputs = _graph.Output.Where(o => _values.ContainsKey(o.Name)).Select(o => _values[o.Name]).ToArray();
            var features = OnnxFeatureVector.Compute(_records, _kinds, summary, inputs, outputs);
            return new OnnxGraphAnalysis(_records, summary, features, _warnings);
        }

        private static string DisplayName(NodeProto node, int index) =>
            node.Name.Length > 0 ? node.Name : $"#{index} {node.OpType} -> '{node.Output.FirstOrDefault() ?? ""}'";

        private void RejectUnsupported(string[] names)
        {
            if (_options.UnsupportedOperators != UnsupportedOperatorPolicy.Error) return;
            var unsupported = _graph.Node.Select((n, i) => (Node: n, Name: names[i]))
                .Where(x => !OnnxShapeRules.IsSupported(x.Node))
                .Select(x => new OnnxNodeRef(x.Node.OpType, x.Node.Domain, x.Name)).ToArray();
            if (unsupported.Length == 0) return;
            const int namesShown = 5;
            var byType = unsupported.GroupBy(u => u.QualifiedOpType).Select(g =>
                $"{g.Key} (node{(g.Count() > 1 ? "s" : "")} {string.Join(", ", g.Take(namesShown).Select(u => $"'{u.Name}'"))}" +
                $"{(g.Count() > namesShown ? $" and {g.Count() - namesShown} more" : "")})");
            throw new OnnxFeaturizationException(
                $"the model uses {unsupported.Length} node(s) of operator(s) this featurizer has no rule for: " +
                $"{string.Join("; ", byType)}. Featurize with UnsupportedOperators = ElementwiseFallback to treat them " +
                "as elementwise (listed in the warnings).", unsupported);
        }

        private void ReadInitializers()
        {
            foreach (var tensor in _graph.Initializer) _values[tensor.Name] = OnnxTensorValues.ToValue(tensor);
            foreach (var sparse in _graph.SparseInitializer)
            {
                var name = sparse.Values?.Name ?? "";
                if (name.Length > 0) _values[name] = new OnnxValue(sparse.Dims.ToArray(), sparse.Values!.DataType, true);
            }
        }

        private void ReadInputs()
        {
            foreach (var input in _graph.Input)
            {
                if (_values.ContainsKey(input.Name)) continue; // an initializer listed as input (IR < 4)
                var tensor = input.Type?.TensorType
                             ?? throw new OnnxFeaturizationException($"graph input '{input.Name}' is not a tensor");
                long[] shape;
                if (_options.InputShapes is { } given && given.TryGetValue(input.Name, out var overridden))
                    shape = overridden.ToArray();
                else
                {
                    var dims = tensor.Shape?.Dim ?? throw new OnnxFeaturizationException(
                        $"graph input '{input.Name}' has no shape; give it in OnnxFeaturizerOptions.InputShapes");
                    shape = new long[dims.Count];
                    for (var d = 0; d < dims.Count; d++)
                    {
                        if (dims[d].HasDimValue && dims[d].DimValue > 0)
                        {
                            shape[d] = dims[d].DimValue;
                            continue;
                        }
                        var label = dims[d].HasDimParam ? $"'{dims[d].DimParam}'" : "unnamed";
                        if (d != 0)
                            throw new OnnxFeaturizationException(
                                $"graph input '{input.Name}' dimension {d} is dynamic ({label}); only the batch (dimension 0) " +
                                "may be: give the input's shape in OnnxFeaturizerOptions.InputShapes");
                        shape[d] = 1;
                        _warnings.Add($"graph input '{input.Name}': dynamic batch dimension ({label}) taken as 1");
                    }
                }
                if (shape.Any(d => d < 1))
                    throw new OnnxFeaturizationException($"graph input '{input.Name}' has the shape [{string.Join(", ", shape)}]");
                _values[input.Name] = OnnxValue.Activation(shape, tensor.ElemType);
                _depth[input.Name] = 0;
            }
        }

        private void ReadDeclaredShapes()
        {
            foreach (var info in _graph.ValueInfo.Concat(_graph.Output))
            {
                var dims = info.Type?.TensorType?.Shape?.Dim;
                if (dims is null) continue;
                var shape = dims.Select((d, i) => d.HasDimValue && d.DimValue > 0 ? d.DimValue : i == 0 && d.HasDimParam ? 1 : -1).ToArray();
                if (shape.All(d => d > 0)) _declared[info.Name] = shape;
            }
        }

        private int[] TopologicalOrder(string[] names)
        {
            var nodes = _graph.Node;
            var producer = new Dictionary<string, int>();
            for (var i = 0; i < nodes.Count; i++)
                foreach (var output in nodes[i].Output.Where(o => o.Length > 0))
                    if (!producer.TryAdd(output, i))
                        throw new OnnxFeaturizationException(
                            $"tensor '{output}' is produced by both node '{names[producer[output]]}' and node '{names[i]}'");
            var pending = new int[nodes.Count];
            var consumers = new List<int>[nodes.Count];
            for (var i = 0; i < nodes.Count; i++) consumers[i] = [];
            for (var i = 0; i < nodes.Count; i++)
                foreach (var input in nodes[i].Input.Where(n => n.Length > 0).Distinct())
                {
                    if (producer.TryGetValue(input, out var p))
                    {
                        pending[i]++;
                        consumers[p].Add(i);
                    }
                    else if (!_values.ContainsKey(input))
                        throw new OnnxFeaturizationException(
                            $"node '{names[i]}' ({nodes[i].OpType}) reads '{input}', which no node, initializer or graph input provides");
                }
            var ready = new PriorityQueue<int, int>();
            for (var i = 0; i < nodes.Count; i++) if (pending[i] == 0) ready.Enqueue(i, i);
            var order = new List<int>(nodes.Count);
            while (ready.TryDequeue(out var i, out _))
            {
                order.Add(i);
                foreach (var j in consumers[i]) if (--pending[j] == 0) ready.Enqueue(j, j);
            }
            if (order.Count != nodes.Count)
            {
                var stuck = Enumerable.Range(0, nodes.Count).Where(i => pending[i] > 0).Take(3).Select(i => $"'{names[i]}'");
                throw new OnnxFeaturizationException($"the graph has a cycle through node(s) {string.Join(", ", stuck)}");
            }
            return order.ToArray();
        }

        private void Visit(NodeProto node, string name)
        {
            var inputs = node.Input.Select(n => n.Length == 0 ? null : _values[n]).ToArray();
            var ctx = new OnnxNodeContext(node, name, _opset, inputs);
            var supported = OnnxShapeRules.IsSupported(node);
            OnnxValue[] outputs;
            OnnxCost cost;
            if (supported)
            {
                try
                {
                    outputs = OnnxShapeRules.Infer(ctx);
                    cost = OnnxOperatorCosts.Of(ctx, outputs);
                }
                catch (OnnxFeaturizationException e) when (_fallbacks.Count > 0)
                {
                    throw new OnnxFeaturizationException(
                        $"{e.Message}. {_fallbacks.Count} earlier node(s) went through the elementwise fallback " +
                        $"(first: {_fallbacks[0]}); a shape it guessed may be the cause", e);
                }
            }
            else
            {
                _fallbacks.Add(new OnnxNodeRef(node.OpType, node.Domain, name).ToString());
                outputs = Fallback(ctx);
                cost = OnnxOperatorCosts.Fallback(outputs[0]);
            }

            var constant = outputs.All(o => o.IsConstant);
            long activationBytes = 0;
            for (var i = 0; i < node.Output.Count && i < outputs.Length; i++)
            {
                var output = node.Output[i];
                if (output.Length == 0) continue;
                var value = outputs[i];
                if (supported && _declared.TryGetValue(output, out var declared) && !declared.SequenceEqual(value.Shape))
                    _warnings.Add($"node '{name}' ({node.OpType}): output '{output}' propagates to {value.ShapeText}, but the model " +
                                  $"declares [{string.Join(", ", declared)}]; the propagated shape is used");
                _values[output] = value;
                if (value.IsConstant || (supported && OnnxShapeRules.IsView(ctx.OpType))) continue;
                activationBytes += value.Bytes;
                _peakActivationBytes = Math.Max(_peakActivationBytes, value.Bytes);
            }

            long parameters = 0;
            foreach (var index in constant ? [] : cost.ParameterInputs)
            {
                if (index >= node.Input.Count || node.Input[index].Length == 0) continue;
                var input = node.Input[index];
                if (_values[input] is { IsConstant: true } weight && _countedParameters.Add(input)) parameters += weight.Elements;
            }

            var depth = node.Input.Where(n => n.Length > 0 && _depth.ContainsKey(n)).Select(n => _depth[n]).DefaultIfEmpty(0).Max();
            var isCompute = cost.IsCompute && !constant;
            if (isCompute) depth++;
            foreach (var output in node.Output.Where(o => o.Length > 0 && !_values[o].IsConstant)) _depth[output] = depth;

            var qualified = node.Domain is "" or "ai.onnx" ? node.OpType : $"{node.Domain}.{node.OpType}";
            _kinds.Add(supported ? ctx.OpType : qualified);
            _records.Add(new OnnxOperatorRecord(
                name, qualified, outputs[0].Shape, OnnxElementTypes.Name(outputs[0].ElementType),
                cost.Kernel, cost.Strides, cost.Groups, cost.InChannels, cost.OutChannels,
                constant ? 0 : cost.MultiplyAdds, constant ? 0 : cost.ElementOps, parameters, activationBytes,
                isCompute, constant, !supported));
        }

        private OnnxValue[] Fallback(OnnxNodeContext ctx)
        {
            var node = ctx.Node;
            var first = ctx.PresentInputs.FirstOrDefault();
            var outputs = new OnnxValue[Math.Max(1, node.Output.Count)];
            var sources = new List<string>();
            for (var i = 0; i < outputs.Length; i++)
            {
                var output = i < node.Output.Count ? node.Output[i] : "";
                if (_declared.TryGetValue(output, out var declared))
                {
                    outputs[i] = OnnxValue.Activation(declared, first?.ElementType ?? OnnxElementTypes.Float);
                    sources.Add($"'{output}' {outputs[i].ShapeText} from value_info");
                }
                else if (first is not null)
                {
                    outputs[i] = OnnxValue.Activation(first.Shape, first.ElementType);
                    sources.Add($"'{output}' {outputs[i].ShapeText} copied from input 0");
                }
                else
                    throw ctx.Error("has no rule, no input and no declared output shape; the elementwise fallback cannot place it");
            }
            _warnings.Add($"node '{ctx.DisplayName}' ({new OnnxNodeRef(node.OpType, node.Domain, ctx.DisplayName).QualifiedOpType}): " +
                          $"no rule for this operator; treated as elementwise (outputs {string.Join(", ", sources)}; " +
                          "cost one element operation per output element, no multiply-adds, no parameters)");
            return outputs;
        }

        private OnnxGraphSummary Summarize()
        {
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in _records) counts[r.OpType] = counts.GetValueOrDefault(r.OpType) + 1;
            return new OnnxGraphSummary(
                _records.Sum(r => r.MultiplyAdds),
                _records.Sum(r => r.Parameters),
                _records.Sum(r => r.ActivationBytes),
                _peakActivationBytes,
                _records.Sum(r => r.ElementOps),
                _depth.Values.DefaultIfEmpty(0).Max(),
                _records.Count(r => r.IsCompute),
                counts);
        }
    }
}
