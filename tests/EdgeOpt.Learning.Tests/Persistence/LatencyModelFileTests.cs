using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Persistence;

namespace EdgeOpt.Learning.Tests.Persistence;

public sealed class LatencyModelFileTests
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var method in LatencyMethods.Names)
        {
            data.Add(method, true);
            data.Add(method, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SaveLoad_GivesIdenticalMeasurementChoicesAndPredictions(string method, bool withKnownDevices)
    {
        var original = PersistenceFleet.Trainer(method).Fit(PersistenceFleet.Training(withKnownDevices), CancellationToken.None);
        var loaded = PersistenceFleet.Load(PersistenceFleet.Bytes(original));

        Assert.Equal(original.Method, loaded.Method);
        Assert.Same(original.Space, loaded.Space);
        Assert.Equal(original.KnownDevices, loaded.KnownDevices);

        // Candidates: some training architectures, some the model never saw.
        var candidates = PersistenceFleet.Architectures(150, seed: 5).Take(60)
            .Concat(PersistenceFleet.Architectures(120, seed: 99)).Distinct().ToArray();
        var observed = new List<LatencyObservation>();
        for (var round = 0; round < 4; round++)
        {
            var first = original.ChooseMeasurements(candidates, observed, 5);
            var second = loaded.ChooseMeasurements(candidates, observed, 5);
            Assert.Equal(first, second);
            Assert.NotEmpty(first);
            observed.AddRange(first.Select(i => PersistenceFleet.Measure(candidates[i])));

            var expected = original.Adapt(observed).Predict(candidates);
            var actual = loaded.Adapt(observed).Predict(candidates);
            for (var i = 0; i < candidates.Length; i++)
            {
                Assert.Equal(expected[i].LogMean, actual[i].LogMean);
                Assert.Equal(expected[i].LogStdDev, actual[i].LogStdDev);
                Assert.Equal(expected[i].Interval(0.9), actual[i].Interval(0.9));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SaveOfLoadedModel_WritesTheSameBytes(string method, bool withKnownDevices)
    {
        var model = PersistenceFleet.Trainer(method).Fit(PersistenceFleet.Training(withKnownDevices), CancellationToken.None);
        var bytes = PersistenceFleet.Bytes(model);

        Assert.Equal(bytes, PersistenceFleet.Bytes(PersistenceFleet.Load(bytes)));
    }

    [Fact]
    public void Load_TruncatedFile_NamesTheFieldItEndsIn()
    {
        var model = PersistenceFleet.Trainer("ridge").Fit(PersistenceFleet.Training(true), CancellationToken.None);
        var bytes = PersistenceFleet.Bytes(model);

        foreach (var length in new[] { 0, 3, 10, 30, bytes.Length / 3, bytes.Length / 2, bytes.Length - 40, bytes.Length - 1 })
        {
            var error = Assert.Throws<InvalidDataException>(() => PersistenceFleet.Load(bytes[..length]));
            Assert.Contains("latency model file", error.Message);
            Assert.Matches("field '[a-z.A-Z0-9]+'", error.Message);
        }
    }

    [Fact]
    public void Load_CorruptBody_IsRefusedNamingAField()
    {
        var model = PersistenceFleet.Trainer("ridge").Fit(PersistenceFleet.Training(true), CancellationToken.None);
        var bytes = PersistenceFleet.Bytes(model);
        var random = new Random(1);

        for (var trial = 0; trial < 25; trial++)
        {
            var damaged = (byte[])bytes.Clone();
            var position = random.Next(40, damaged.Length - 20);
            damaged[position] ^= (byte)(1 << random.Next(8));
            var error = Assert.Throws<InvalidDataException>(() => PersistenceFleet.Load(damaged));
            Assert.Matches("field '[a-z.A-Z0-9]+'", error.Message);
        }
    }

    [Fact]
    public void Load_UnknownFormatVersion_SaysWhichVersionAndHowToRegenerate()
    {
        var bytes = HeaderOnly(LatencyModelFile.Format, LatencyModelFile.Version + 41);

        var error = Assert.Throws<InvalidDataException>(() => PersistenceFleet.Load(bytes));

        Assert.Contains($"field 'version' is {LatencyModelFile.Version + 41}", error.Message);
        Assert.Contains($"version {LatencyModelFile.Version}", error.Message);
        Assert.Contains("edgeopt train", error.Message);
    }

    [Fact]
    public void Load_OtherKindOfFile_NamesTheFormatField()
    {
        var error = Assert.Throws<InvalidDataException>(() => PersistenceFleet.Load(HeaderOnly(AccuracyModelFile.Format, 1)));

        Assert.Contains("field 'format'", error.Message);
        Assert.Contains(LatencyModelFile.Format, error.Message);
    }

    [Fact]
    public void Load_UnknownMethod_ListsTheAllowedOnes()
    {
        using var stream = new MemoryStream();
        using (var writer = new ModelWriter(stream, LatencyModelFile.Format, LatencyModelFile.Version))
        {
            writer.String("method", "gaussian-process");
            writer.String("space", SearchSpaces.Nb201.Id);
            writer.Strings("devices", []);
            writer.Finish();
        }

        var error = Assert.Throws<InvalidDataException>(() => PersistenceFleet.Load(stream.ToArray()));

        Assert.Contains("field 'method' is 'gaussian-process'", error.Message);
        foreach (var name in LatencyMethods.Names) Assert.Contains(name, error.Message);
    }

    private static byte[] HeaderOnly(string format, int version)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(format);
            writer.Write(version);
        }
        stream.Write(new byte[64]);
        return stream.ToArray();
    }
}
