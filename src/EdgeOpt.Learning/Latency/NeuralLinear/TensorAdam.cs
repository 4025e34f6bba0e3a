using TorchSharp;
using static TorchSharp.torch;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// Adam (Kingma and Ba, 2015) written with tensor arithmetic whose TorchSharp <see cref="Scalar"/> arguments are all
/// created explicitly and kept alive. TorchSharp creates a <see cref="Scalar"/> for every implicit number argument
/// (including the hidden <c>alpha = 1</c> of <c>add(tensor)</c>; <c>sub(tensor)</c> has none) and frees it in a finalizer, which the garbage
/// collector may run while the native call still reads it; under load this showed up as rare
/// "INTERNAL ASSERT FAILED at Scalar.h" aborts inside TorchSharp's own optimizer and in <c>pow(2)</c>.
/// </summary>
internal sealed class TensorAdam : IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _first;
    private readonly Tensor[] _second;
    private readonly Scalar _one = 1.0f.ToScalar();
    private readonly Tensor _beta1;
    private readonly Tensor _oneMinusBeta1;
    private readonly Tensor _beta2;
    private readonly Tensor _oneMinusBeta2;
    private readonly Tensor _epsilon;
    private readonly double _beta1Value;
    private readonly double _beta2Value;
    private int _step;

    public TensorAdam(IEnumerable<Tensor> parameters, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _parameters = parameters.ToArray();
        using (no_grad())
        {
            _first = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
            _second = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        }
        _beta1Value = beta1;
        _beta2Value = beta2;
        _beta1 = tensor((float)beta1).DetachFromDisposeScope();
        _oneMinusBeta1 = tensor((float)(1 - beta1)).DetachFromDisposeScope();
        _beta2 = tensor((float)beta2).DetachFromDisposeScope();
        _oneMinusBeta2 = tensor((float)(1 - beta2)).DetachFromDisposeScope();
        _epsilon = tensor((float)epsilon).DetachFromDisposeScope();
    }

    /// <summary>The Scalar 1, alive as long as the optimizer, for callers that need an explicit <c>alpha</c>.</summary>
    public Scalar One => _one;

    public void ZeroGrad()
    {
        using var scope = NewDisposeScope();
        foreach (var p in _parameters)
        {
            var grad = p.grad;
            grad?.zero_();
        }
    }

    public void Step(double learningRate)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _step++;
        var firstCorrection = 1 - Math.Pow(_beta1Value, _step);
        var secondCorrection = 1 - Math.Pow(_beta2Value, _step);
        var stepSize = tensor((float)(learningRate / firstCorrection));
        var secondScale = tensor((float)secondCorrection);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var grad = _parameters[i].grad;
            if (grad is null) continue;
            _first[i].mul_(_beta1).add_(grad.mul(_oneMinusBeta1), _one);
            _second[i].mul_(_beta2).add_(grad.mul(grad).mul(_oneMinusBeta2), _one);
            var denominator = _second[i].div(secondScale).sqrt().add(_epsilon, _one);
            _parameters[i].sub_(_first[i].div(denominator).mul(stepSize));
        }
    }

    public void Dispose()
    {
        foreach (var t in _first.Concat(_second)) t.Dispose();
        foreach (var t in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon }) t.Dispose();
        _one.Dispose();
    }
}
