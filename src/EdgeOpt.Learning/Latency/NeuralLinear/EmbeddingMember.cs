namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>One trained embedding φ and the Gaussian prior over device heads estimated with it.</summary>
internal sealed record EmbeddingMember(FeatureNetwork Network, HeadPrior Prior);
