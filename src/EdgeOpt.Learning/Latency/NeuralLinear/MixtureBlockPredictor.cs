using System.Runtime.CompilerServices;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// Predicts blocks of architectures under one device's <see cref="PosteriorMixture"/> of one model: loads their
/// kernel points column by column, computes their parts with the measured points once, then every setting of the
/// mixture over the whole block. Holds the scratch for that: one instance per thread, reused block after block, so
/// that predicting a whole space allocates nothing per architecture.
/// </summary>
internal sealed class MixtureBlockPredictor
{
    private readonly NeuralLinearModel _model;
    private readonly PosteriorMixture _mixture;
    private readonly PointBlock _block;
    private readonly BlockParts _parts;
    private readonly MixtureWork _work;

    public MixtureBlockPredictor(NeuralLinearModel model, PosteriorMixture mixture)
    {
        _model = model;
        _mixture = mixture;
        _block = new PointBlock(mixture.Observed.Points[0]);
        _parts = new BlockParts(mixture.Observed.Count, _block.Capacity);
        _work = new MixtureWork(mixture.Observed.Count, _block.Capacity);
        Mean = new double[_block.Capacity];
        Variance = new double[_block.Capacity];
    }

    /// <summary>Architectures per block.</summary>
    public int Capacity => _block.Capacity;

    /// <summary>After <see cref="Predict"/>: the log mean of architecture start + b at index b.</summary>
    public double[] Mean { get; }

    /// <summary>After <see cref="Predict"/>: the log variance (noise and rounding included) of architecture start + b at index b.</summary>
    public double[] Variance { get; }

    /// <summary>Predicts architectures[start .. start + count) (count at most <see cref="Capacity"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Predict(IReadOnlyList<Architecture> architectures, int start, int count)
    {
        _block.Load(count, b => _model.Point(architectures[start + b]));
        _parts.Compute(_block, _mixture.Observed);
        _mixture.Predict(_block, _parts, Mean, Variance, _work);
    }
}
