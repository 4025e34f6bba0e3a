using EdgeOpt.Learning.Latency.Design;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary><see cref="DeepKernel"/> over a list of points, for experimental design.</summary>
internal sealed class PointKernel(IReadOnlyList<KernelPoint> points, KernelHyperparameters hyper) : IDesignKernel
{
    public int Count => points.Count;

    public double Self(int i) => DeepKernel.Self(points[i], hyper);

    public double Between(int i, int j) => DeepKernel.Between(points[i], points[j], hyper);
}
