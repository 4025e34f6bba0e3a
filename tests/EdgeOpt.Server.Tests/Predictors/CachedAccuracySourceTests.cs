using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Optimization.Accuracy;
using EdgeOpt.Server.Predictors;

namespace EdgeOpt.Server.Tests.Predictors;

public sealed class CachedAccuracySourceTests
{
    /// <summary>Answers from the architecture's choices and counts what it was asked.</summary>
    private sealed class CountingSource : IAccuracySource
    {
        public int Asked { get; private set; }

        public string Name => "counting";

        public ISearchSpace Space => SearchSpaces.Nb201;

        public AccuracyProvenance Provenance => AccuracyProvenance.Estimated;

        public IReadOnlyList<Architecture>? Architectures => null;

        public AccuracyPrediction[] Predict(IReadOnlyList<Architecture> architectures)
        {
            Asked += architectures.Count;
            return architectures.Select(a =>
            {
                var top1 = 50.0 + a.Choices.Sum();
                return new AccuracyPrediction(top1, top1 - 1, top1 + 1);
            }).ToArray();
        }
    }

    [Fact]
    public void Predict_RepeatedArchitectures_SameAnswersAndTheInnerSourceAskedOnlyForNewOnes()
    {
        var inner = new CountingSource();
        var cached = new CachedAccuracySource(inner);
        var all = SearchSpaces.Nb201.Enumerate().Take(500).ToArray();

        var first = cached.Predict(all.Take(300).ToArray());
        var second = cached.Predict(all);

        Assert.Equal(inner.Predict(all), second);
        Assert.Equal(first, second.Take(300));
        Assert.Equal(300 + 200 + 500, inner.Asked); // 300, then only the 200 new ones, then the direct check above
        Assert.Equal(500, cached.Count);
        Assert.Equal((inner.Name, inner.Provenance), (cached.Name, cached.Provenance));
    }
}
