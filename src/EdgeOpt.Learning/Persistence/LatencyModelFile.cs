using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Latency.NeuralLinear;
using EdgeOpt.Learning.Latency.Ridge;

namespace EdgeOpt.Learning.Persistence;

/// <summary>
/// Saves a trained latency model (<see cref="ILatencyModel"/> of any method in <see cref="LatencyMethods"/>, with or
/// without known devices) and loads it back: the loaded model chooses the same measurements and predicts the same
/// means and intervals as the saved one. Format "edgeopt-latency-model" (see <see cref="ModelWriter"/>); a file of
/// another version is refused with a message saying how to regenerate it.
/// </summary>
public static class LatencyModelFile
{
    public const string Format = "edgeopt-latency-model";

    /// <summary>Increment on any change to what is written.</summary>
    public const int Version = 1;

    internal const string Kind = "latency model file";

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/> (left open).</summary>
    public static void Save(ILatencyModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new ModelWriter(stream, Format, Version);
        writer.String("method", model.Method);
        writer.String("space", model.Space.Id);
        writer.Strings("devices", model.KnownDevices.ToArray());
        switch (model)
        {
            case RidgeLatencyModel ridge: RidgeCodec.Write(writer, ridge); break;
            case NeuralLinearModel neural: NeuralLinearCodec.Write(writer, neural); break;
            default:
                throw new NotSupportedException(
                    $"latency models of type {model.GetType().Name} (method '{model.Method}') cannot be saved; saved methods: {string.Join(", ", LatencyMethods.Names)}");
        }
        writer.Finish();
    }

    /// <summary>Reads a model written by <see cref="Save"/>; <see cref="InvalidDataException"/> names the field on bad input.</summary>
    public static ILatencyModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = ModelReader.Open(stream, Kind, Format, Version);
        var method = reader.String("method");
        var space = ReadSpace(reader, "space");
        var devices = reader.Strings("devices");
        ILatencyModel model = method switch
        {
            RidgeLatencyTrainer.MethodName => RidgeCodec.Read(reader, space, devices),
            NeuralLinearTrainer.MethodName => NeuralLinearCodec.Read(reader, space, devices),
            _ => throw reader.Bad("method", $"is '{method}'; allowed: {string.Join(", ", LatencyMethods.Names)}"),
        };
        reader.Finish();
        return model;
    }

    /// <summary>Saves to a file (created or replaced).</summary>
    public static void Save(ILatencyModel model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        using var stream = File.Create(path);
        Save(model, stream);
    }

    /// <summary>Loads from a file; the message of a bad file names the path.</summary>
    public static ILatencyModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"no latency model at {Path.GetFullPath(path)}", path);
        using var stream = File.OpenRead(path);
        try { return Load(stream); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{Path.GetFullPath(path)}: {e.Message}", e); }
    }

    internal static ISearchSpace ReadSpace(ModelReader reader, string field)
    {
        var id = reader.String(field);
        return SearchSpaces.TryGet(id, out var space)
            ? space
            : throw reader.Bad(field, $"is '{id}'; allowed: {string.Join(", ", SearchSpaces.Ids)}");
    }

    internal static void WriteArchitectures(ModelWriter writer, string field, ISearchSpace space, IReadOnlyList<Architecture> architectures) =>
        writer.Strings(field, architectures.Select(space.Format).ToArray());

    internal static Architecture[] ReadArchitectures(ModelReader reader, string field, ISearchSpace space)
    {
        var texts = reader.Strings(field);
        var result = new Architecture[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            if (!space.TryParse(texts[i], out var architecture, out var error))
                throw reader.Bad(field, $"entry {i} '{texts[i]}' is not a '{space.Id}' architecture: {error}");
            result[i] = architecture!;
        }
        return result;
    }

    internal static void WriteFeaturizer(ModelWriter writer, ArchitectureFeaturizer featurizer)
    {
        writer.Bool("featurizer.graph", featurizer.IncludeGraphFeatures);
        writer.Bool("featurizer.effective", featurizer.IncludeEffectiveChoices);
        writer.Int("featurizer.length", featurizer.Length);
    }

    internal static ArchitectureFeaturizer ReadFeaturizer(ModelReader reader, ISearchSpace space)
    {
        var options = new ArchitectureFeaturizer.Options
        {
            IncludeGraphFeatures = reader.Bool("featurizer.graph"),
            IncludeEffectiveChoices = reader.Bool("featurizer.effective"),
        };
        var featurizer = new ArchitectureFeaturizer(space, options);
        var length = reader.Int("featurizer.length");
        if (length != featurizer.Length)
            throw reader.Bad("featurizer.length",
                $"is {length}, but this build's featurizer for '{space.Id}' has {featurizer.Length} features: regenerate the model");
        return featurizer;
    }
}
