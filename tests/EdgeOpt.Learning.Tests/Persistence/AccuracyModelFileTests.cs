using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.Persistence;

namespace EdgeOpt.Learning.Tests.Persistence;

public sealed class AccuracyModelFileTests
{
    private static AccuracyModel Train(ISearchSpace space, int count)
    {
        var trainer = new AccuracyPredictorTrainer(space, new() { Seed = 4, NumberOfTrees = 40, Folds = 3 });
        var samples = ArchitectureSampling.Distinct(space, count, 8)
            .Select(a => (a, Math.Clamp(40 + a.Choices.Select((c, d) => (c * 3 + d) % 7).Sum() * 1.3, 0, 100)))
            .ToArray();
        return trainer.Fit(samples);
    }

    private static byte[] Bytes(AccuracyModel model)
    {
        using var stream = new MemoryStream();
        AccuracyModelFile.Save(model, stream);
        return stream.ToArray();
    }

    private static AccuracyModel Load(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return AccuracyModelFile.Load(stream);
    }

    [Theory]
    [InlineData("nb201")]
    [InlineData("fbnet")]
    public void SaveLoad_PredictsTheSameMeansAndIntervals(string spaceId)
    {
        var space = SearchSpaces.Get(spaceId);
        var model = Train(space, 200);

        var loaded = Load(Bytes(model));

        Assert.Same(model.Space, loaded.Space);
        Assert.Equal(model.FeatureSet, loaded.FeatureSet);
        Assert.Equal(model.FeatureNames, loaded.FeatureNames);
        Assert.Equal(model.IntervalCoverage, loaded.IntervalCoverage);
        Assert.Equal(model.TrainingCount, loaded.TrainingCount);
        Assert.Equal(model.OutOfFoldPredictions, loaded.OutOfFoldPredictions);
        var probe = ArchitectureSampling.Distinct(space, 300, 77);
        Assert.Equal(model.Predict(probe), loaded.Predict(probe));
    }

    [Fact]
    public void Load_TruncatedOrDamagedFile_NamesAField()
    {
        var bytes = Bytes(Train(SearchSpaces.Nb201, 120));
        var random = new Random(3);

        foreach (var length in new[] { 0, 12, bytes.Length / 2, bytes.Length - 1 })
            Assert.Matches("field '[a-zA-Z.]+'", Assert.Throws<InvalidDataException>(() => Load(bytes[..length])).Message);
        for (var trial = 0; trial < 15; trial++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[random.Next(40, damaged.Length)] ^= (byte)(1 << random.Next(8));
            Assert.Matches("field '[a-zA-Z.]+'", Assert.Throws<InvalidDataException>(() => Load(damaged)).Message);
        }
    }

    [Fact]
    public void Load_LatencyModelFile_IsRefusedNamingTheFormat()
    {
        var latency = PersistenceFleet.Trainer("ridge").Fit(PersistenceFleet.Training(false), CancellationToken.None);

        var error = Assert.Throws<InvalidDataException>(() => Load(PersistenceFleet.Bytes(latency)));

        Assert.Contains("accuracy model file: field 'format' is 'edgeopt-latency-model'", error.Message);
    }
}
