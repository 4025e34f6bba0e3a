using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.NeuralLinear;
using EdgeOpt.Learning.Latency.Ridge;
using EdgeOpt.Learning.Persistence;

namespace EdgeOpt.Learning.Tests.Persistence;

/// <summary>
/// A small synthetic NAS-Bench-201 fleet for the persistence tests: each device has its own per-(edge, operation)
/// costs (not a multiple of another's), a pairwise interaction and log-normal noise, so that the trained models hold
/// device-specific state. Seeded.
/// </summary>
internal static class PersistenceFleet
{
    public static readonly ISearchSpace Space = SearchSpaces.Nb201;

    public static readonly string[] KnownDevices = ["cpu-a", "cpu-b", "gpu-c", "npu-d"];

    public static Architecture[] Architectures(int count, int seed)
    {
        var random = new Random(seed);
        var set = new HashSet<Architecture>();
        while (set.Count < count) set.Add(Space.Sample(random));
        return set.ToArray();
    }

    /// <summary>Cost in ms of an architecture on the device with this seed.</summary>
    public static double Cost(Architecture architecture, int deviceSeed)
    {
        var random = new Random(deviceSeed);
        var table = new double[6, 5];
        for (var e = 0; e < 6; e++)
            for (var o = 0; o < 5; o++) table[e, o] = o == 0 ? 0 : random.NextDouble() * (o + 1) * 0.4;
        var interaction = random.NextDouble();
        var log = 0.2 * deviceSeed % 3;
        for (var e = 0; e < 6; e++) log += table[e, architecture.Choices[e]];
        if (architecture.Choices[0] == architecture.Choices[5]) log += interaction * 0.3;
        var noise = new Random(HashCode.Combine(deviceSeed, Space.Format(architecture).GetHashCode(StringComparison.Ordinal)));
        return Math.Exp(log + 0.05 * (noise.NextDouble() - 0.5));
    }

    public static MeasurementTable Table(IReadOnlyList<Architecture> architectures, IReadOnlyList<string> devices)
    {
        var columns = devices.Select((d, i) => new DeviceColumn(d,
            architectures.Select((a, r) => (r + i) % 7 == 0 ? null : (double?)Cost(a, 100 + i)).ToArray()));
        return new MeasurementTable(Space.Id, architectures.Select(Space.Format).ToArray(), null, columns.ToArray());
    }

    /// <summary>Training data with the known devices (some cells missing), or none.</summary>
    public static LatencyTrainingData Training(bool withDevices)
    {
        if (!withDevices) return LatencyTrainingData.None(Space);
        var architectures = Architectures(250, seed: 5);
        return LatencyTrainingData.From(Table(architectures, KnownDevices), Space);
    }

    public static ILatencyPredictorTrainer Trainer(string method) => method switch
    {
        NeuralLinearTrainer.MethodName => new NeuralLinearTrainer(new NeuralLinearTrainer.Options
        {
            Seed = 3, HiddenWidth = 24, EmbeddingSize = 6, Epochs = 25, BatchSize = 128, LearningRate = 1e-2, Threads = 1,
            EnsembleSize = 2, SignatureSize = 6,
        }),
        RidgeLatencyTrainer.MethodName => new RidgeLatencyTrainer(new RidgeLatencyTrainer.Options { Seed = 3 }),
        _ => throw new ArgumentException(method),
    };

    /// <summary>A new device (not among the known ones).</summary>
    public static LatencyObservation Measure(Architecture architecture) => new(architecture, Cost(architecture, 977));

    public static byte[] Bytes(ILatencyModel model)
    {
        using var stream = new MemoryStream();
        LatencyModelFile.Save(model, stream);
        return stream.ToArray();
    }

    public static ILatencyModel Load(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return LatencyModelFile.Load(stream);
    }
}
