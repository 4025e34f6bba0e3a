using EdgeOpt.Learning.Persistence;

namespace EdgeOpt.Learning.Tests.Persistence;

/// <summary>
/// The repository's models/ folder loads with this build and matches its cards (a format change without
/// regenerating the models fails here; see models/README.md for the command).
/// </summary>
public sealed class ShippedModelsTests
{
    [Fact]
    public void EveryShippedModel_LoadsAndMatchesItsCard()
    {
        var models = ShippedModels.Folder();
        var spaces = Directory.EnumerateDirectories(models).Select(Path.GetFileName).ToArray();
        Assert.Contains("nb201", spaces);

        var checkedFiles = 0;
        foreach (var space in spaces)
        {
            if (PretrainedModels.TryLoadLatency(models, space!) is { } latency)
            {
                var card = ModelCard.Load(PretrainedModels.LatencyCardPath(models, space!));
                Assert.Equal(card.Method, latency.Method);
                Assert.Equal(card.Space, latency.Space.Id);
                Assert.Equal(card.Devices, latency.KnownDevices);
                checkedFiles++;
            }
            foreach (var dataset in PretrainedModels.AccuracyDatasets(models, space!))
            {
                var accuracy = PretrainedModels.TryLoadAccuracy(models, space!, dataset)!;
                var card = ModelCard.Load(PretrainedModels.AccuracyCardPath(models, space!, dataset));
                Assert.Equal(card.TrainingRows, accuracy.TrainingCount);
                Assert.Equal(card.Space, accuracy.Space.Id);
                checkedFiles++;
            }
            Assert.True(File.Exists(PretrainedModels.MarkdownPath(models, space!)), $"{space} has no MODEL_CARD.md");
        }
        Assert.True(checkedFiles >= 3, $"only {checkedFiles} model files found under {models}");
    }
}
