using EdgeOpt.Learning.Persistence;

namespace EdgeOpt.Learning.Tests.Persistence;

public sealed class ModelCardTests
{
    private static ModelCard Sample() => new()
    {
        Kind = "latency",
        Method = "neural-linear",
        Space = "nb201",
        Devices = ["pixel3", "raspi4"],
        TrainingRows = 31250,
        Scores = new Dictionary<string, double> { ["srcc"] = 0.9412, ["within10"] = 0.61, ["coverage90"] = 0.88 },
        Seed = 7,
        DataSources = [new DataSource("../shared/data/nb201/latency.csv", new string('a', 64))],
        CreatedUtc = new DateTimeOffset(2026, 11, 27, 2, 3, 4, TimeSpan.Zero),
        Reproduce = "edgeopt train --space nb201 --train ../shared/data/nb201/latency.csv --seed 7",
    };

    [Fact]
    public void JsonRoundTrip_KeepsEveryField()
    {
        var card = Sample();

        var back = ModelCard.FromJson(card.ToJson());

        Assert.Equal(card.Kind, back.Kind);
        Assert.Equal(card.Method, back.Method);
        Assert.Equal(card.Space, back.Space);
        Assert.Equal(card.Devices, back.Devices);
        Assert.Equal(card.TrainingRows, back.TrainingRows);
        Assert.Equal(card.Scores.ToArray(), back.Scores.ToArray());
        Assert.Equal(card.Seed, back.Seed);
        Assert.Equal(card.DataSources, back.DataSources);
        Assert.Equal(card.CreatedUtc, back.CreatedUtc);
        Assert.Equal(card.Reproduce, back.Reproduce);
        Assert.Equal(card.ToJson(), back.ToJson());
    }

    [Fact]
    public void ToMarkdown_ShowsDevicesScoresDataAndTheCommand()
    {
        var markdown = Sample().ToMarkdown();

        Assert.Contains("## nb201 latency model (neural-linear)", markdown);
        Assert.Contains("| devices (2) | pixel3, raspi4 |", markdown);
        Assert.Contains("| training rows | 31250 |", markdown);
        Assert.Contains("| srcc | 0.9412 |", markdown);
        Assert.Contains("`../shared/data/nb201/latency.csv` (SHA-256 `" + new string('a', 64) + "`)", markdown);
        Assert.Contains("```\nedgeopt train --space nb201 --train ../shared/data/nb201/latency.csv --seed 7\n```", markdown);
        Assert.Contains("| created (UTC) | 2026-11-27 02:03:04 |", markdown);
    }

    [Theory]
    [InlineData("kind", "\"kind\": \"latency\"", "\"kind\": \"weather\"")]
    [InlineData("method", "\"method\": \"neural-linear\"", "\"method\": \"\"")]
    [InlineData("dataSources[0].sha256", "\"sha256\": \"aaaa", "\"sha256\": \"zzzz")]
    [InlineData("createdUtc", "\"createdUtc\":", "\"createdAt\":")]
    public void FromJson_BadField_NamesIt(string field, string original, string replacement)
    {
        var json = Sample().ToJson();
        Assert.Contains(original, json);

        var error = Assert.Throws<InvalidDataException>(() => ModelCard.FromJson(json.Replace(original, replacement)));

        Assert.Contains($"field '{field}'", error.Message);
    }

    [Fact]
    public void FromJson_NotJson_IsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => ModelCard.FromJson("{ not json"));
    }

    [Fact]
    public void DataSourceOf_HashesTheFileContent()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "abc");
            Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DataSource.Of(path).Sha256);
        }
        finally { File.Delete(path); }
    }
}
