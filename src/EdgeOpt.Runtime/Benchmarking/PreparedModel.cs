using Microsoft.ML.OnnxRuntime;
using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace EdgeOpt.Runtime.Benchmarking;

/// <summary>
/// A loaded model ready to time: its ONNX Runtime session, the provider it runs on and preallocated random
/// inputs. Outputs are preallocated after the first (untimed) run has shown their shapes. Created by
/// <see cref="BenchmarkRunner.Prepare"/>; not thread-safe; dispose when done.
/// </summary>
public sealed class PreparedModel : IDisposable
{
    private readonly OrtSessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly OrtValue[] _inputs;
    private readonly string[] _outputNames;
    private OrtValue[]? _outputs;
    private bool _probed;
    private bool _disposed;

    internal PreparedModel(
        OrtSessionOptions sessionOptions,
        InferenceSession session,
        BenchmarkOptions options,
        string executionProvider,
        string[] inputNames,
        OrtValue[] inputs,
        IReadOnlyDictionary<string, long[]> inputShapes)
    {
        _sessionOptions = sessionOptions;
        _session = session;
        Options = options;
        ExecutionProvider = executionProvider;
        _inputNames = inputNames;
        _inputs = inputs;
        _outputNames = session.OutputNames.ToArray();
        InputShapes = inputShapes.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<long>)kv.Value.ToArray());
    }

    public BenchmarkOptions Options { get; }

    /// <summary>Provider the session actually runs on: "cpu" or "cuda".</summary>
    public string ExecutionProvider { get; }

    /// <summary>Shape fed to each input, by input name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<long>> InputShapes { get; }

    /// <summary>True once outputs are preallocated (every output is a numeric tensor).</summary>
    public bool OutputsPreallocated => _outputs is not null;

    /// <summary>
    /// One run where ONNX Runtime allocates the outputs; their shapes then size the preallocated outputs of
    /// later runs. Only the first call does this; later calls are ordinary runs.
    /// </summary>
    internal void Probe(RunOptions runOptions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_probed)
        {
            Run(runOptions);
            return;
        }
        using (var results = _session.Run(runOptions, _inputNames, _inputs, _outputNames))
        {
            var outputs = new List<OrtValue>(results.Count);
            try
            {
                foreach (var result in results)
                {
                    if (!result.IsTensor) break;
                    var info = result.GetTensorTypeAndShape();
                    if (info.IsString) break;
                    outputs.Add(OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, info.ElementDataType, info.Shape));
                }
            }
            catch
            {
                foreach (var o in outputs) o.Dispose();
                throw;
            }
            if (outputs.Count == results.Count) _outputs = outputs.ToArray();
            else foreach (var o in outputs) o.Dispose();
        }
        _probed = true;
    }

    /// <summary>One inference with the preallocated inputs (and outputs, where possible): the timed call.</summary>
    internal void Run(RunOptions runOptions)
    {
        if (_outputs is not null)
        {
            _session.Run(runOptions, _inputNames, _inputs, _outputNames, _outputs);
            return;
        }
        using var results = _session.Run(runOptions, _inputNames, _inputs, _outputNames);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_outputs is not null) foreach (var o in _outputs) o.Dispose();
        foreach (var i in _inputs) i.Dispose();
        _session.Dispose();
        _sessionOptions.Dispose();
    }
}
