using TorchSharp;
using static TorchSharp.torch;

namespace EdgeOpt.Learning.Optimization.Neural;

/// <summary>
/// Adam (Kingma and Ba, 2015) for the policy's parameters, written so that every TorchSharp <see cref="Scalar"/> it
/// passes to native code is held in a variable that stays reachable until the call returns. TorchSharp 0.107 frees a
/// Scalar's native value in its finalizer, and an implicitly converted Scalar (<c>t.add_(x, 0.1)</c>, or the
/// optimizers' internal ones) is unreachable while the native call runs: a garbage collection started by another
/// thread at that moment lets the finalizer free it under the call, which shows up as "Expected false to be true
/// ... toFloat" or, worse, as a silently wrong value. Not thread-safe.
/// </summary>
internal sealed class PinnedScalarAdam : IDisposable
{
    private readonly TorchSharp.Modules.Parameter[] _parameters;
    private readonly Tensor[] _first;
    private readonly Tensor[] _second;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;
    private int _step;

    public PinnedScalarAdam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _parameters = parameters.ToArray();
        using (no_grad())
        {
            _first = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
            _second = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        }
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
    }

    /// <summary>One update with learning rate <paramref name="learningRate"/> from the parameters' current gradients.</summary>
    public void Step(double learningRate)
    {
        _step++;
        var correction1 = 1 - Math.Pow(_beta1, _step);
        var correction2 = 1 - Math.Pow(_beta2, _step);
        using var beta1 = _beta1.ToScalar();
        using var oneMinusBeta1 = (1 - _beta1).ToScalar();
        using var beta2 = _beta2.ToScalar();
        using var oneMinusBeta2 = (1 - _beta2).ToScalar();
        using var rootCorrection2 = Math.Sqrt(correction2).ToScalar();
        using var epsilon = _epsilon.ToScalar();
        using var stepSize = (-learningRate / correction1).ToScalar();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var gradient = _parameters[i].grad;
            if (gradient is null) continue;
            _first[i].mul_(beta1).add_(gradient, oneMinusBeta1);
            _second[i].mul_(beta2).addcmul_(gradient, gradient, oneMinusBeta2);
            var denominator = _second[i].sqrt().div_(rootCorrection2).add_(epsilon);
            _parameters[i].addcdiv_(_first[i], denominator, stepSize);
        }
    }

    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            if (p.grad is { } g)
            {
                using var noGrad = no_grad();
                g.zero_();
            }
        }
    }

    public void Dispose()
    {
        foreach (var t in _first) t.Dispose();
        foreach (var t in _second) t.Dispose();
    }
}
