namespace EdgeOpt.Learning.Latency.Design;

/// <summary>A prior covariance between the log-costs of a fixed list of points (architectures) on one device.</summary>
internal interface IDesignKernel
{
    int Count { get; }

    /// <summary>Prior variance of point i.</summary>
    double Self(int i);

    /// <summary>Prior covariance of points i and j.</summary>
    double Between(int i, int j);
}
