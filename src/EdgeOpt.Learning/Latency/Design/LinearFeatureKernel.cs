namespace EdgeOpt.Learning.Latency.Design;

/// <summary>k(i, j) = offset + scale · zᵢ·zⱼ over given feature vectors: the prior of a linear model with an intercept.</summary>
internal sealed class LinearFeatureKernel(IReadOnlyList<double[]> features, double scale, double offset) : IDesignKernel
{
    public int Count => features.Count;

    public double Self(int i) => Between(i, i);

    public double Between(int i, int j)
    {
        var a = features[i];
        var b = features[j];
        var sum = 0.0;
        for (var t = 0; t < a.Length; t++) sum += a[t] * b[t];
        return offset + scale * sum;
    }
}
