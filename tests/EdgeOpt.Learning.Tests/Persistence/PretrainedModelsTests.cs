using EdgeOpt.Learning.Persistence;

namespace EdgeOpt.Learning.Tests.Persistence;

public sealed class PretrainedModelsTests
{
    [Fact]
    public void Locate_ExplicitFolderThatDoesNotExist_NamesIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "edgeopt-no-such-models-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<DirectoryNotFoundException>(() => PretrainedModels.Locate(missing));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void SavedLatencyModel_IsFoundByTheLayoutAndListedInTheMarkdown()
    {
        var folder = Directory.CreateTempSubdirectory("edgeopt-models-").FullName;
        try
        {
            Assert.False(PretrainedModels.HoldsModels(folder));
            Assert.Null(PretrainedModels.TryLoadLatency(folder, "nb201"));
            var model = PersistenceFleet.Trainer("ridge").Fit(PersistenceFleet.Training(true), CancellationToken.None);
            LatencyModelFile.Save(model, PretrainedModels.LatencyPath(folder, "nb201"));
            new ModelCard { Kind = "latency", Method = model.Method, Space = "nb201", Devices = model.KnownDevices, Reproduce = "edgeopt train ..." }
                .Save(PretrainedModels.LatencyCardPath(folder, "nb201"));

            Assert.True(PretrainedModels.HoldsModels(folder));
            Assert.Equal(folder, PretrainedModels.Locate(folder));
            Assert.Equal(model.KnownDevices, PretrainedModels.TryLoadLatency(folder, "nb201")!.KnownDevices);
            var markdown = File.ReadAllText(PretrainedModels.WriteMarkdown(folder, "nb201"));
            Assert.Contains("## nb201 latency model (ridge)", markdown);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
