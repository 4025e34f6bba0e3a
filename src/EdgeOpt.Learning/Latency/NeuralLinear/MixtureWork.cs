namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>Scratch of <see cref="PosteriorMixture.Predict"/> for blocks of one width and one count of measured points.</summary>
internal sealed class MixtureWork(int observed, int capacity)
{
    public double[] Cross { get; } = new double[observed * capacity];

    public double[] Mean { get; } = new double[capacity];

    public double[] Variance { get; } = new double[capacity];

    public double[] Second { get; } = new double[capacity];
}
