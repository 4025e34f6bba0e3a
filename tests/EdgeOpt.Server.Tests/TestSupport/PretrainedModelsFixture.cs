using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Persistence;

namespace EdgeOpt.Server.Tests.TestSupport;

/// <summary>
/// A models folder holding a ridge nb201 latency model trained on four devices of the shared table, with its card,
/// as a server would find it next to its binary. Built once per test class; empty when the shared data is absent.
/// </summary>
public sealed class PretrainedModelsFixture : IDisposable
{
    public static readonly string[] TrainingDevices = ["1080ti_1", "titanx_32", "gold_6240", "pixel3"];

    public PretrainedModelsFixture()
    {
        Directory = TestFleet.NewTempDirectory();
        if (SharedData.Root is null) return;
        var data = LatencyTrainingData.From(ReplayFleet.Table, SearchSpaces.Nb201, TrainingDevices);
        Model = LatencyMethods.Create("ridge", seed: 3).Fit(data, CancellationToken.None);
        string folder = Path.Combine(Directory, "nb201");
        System.IO.Directory.CreateDirectory(folder);
        LatencyModelFile.Save(Model, Path.Combine(folder, "latency.model"));
        new ModelCard
        {
            Kind = "latency",
            Method = "ridge",
            Space = "nb201",
            Devices = TrainingDevices,
            TrainingRows = data.Architectures.Count * TrainingDevices.Length,
            Scores = new Dictionary<string, double> { ["fixture"] = 1 },
            Seed = 3,
            CreatedUtc = DateTimeOffset.UnixEpoch.AddDays(20000),
            Reproduce = "test fixture",
        }.Save(Path.Combine(folder, "latency.card.json"));
    }

    public string Directory { get; }

    public ILatencyModel? Model { get; }

    public void Dispose() => TestFleet.TryDelete(Directory);
}
