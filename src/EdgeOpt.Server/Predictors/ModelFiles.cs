using System.Collections.Concurrent;
using System.Text;
using EdgeOpt.Learning.Latency;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// Model bytes for the store. INTERIM until the persistence API (EdgeOpt.Learning.Persistence, branch f2/persist)
/// is merged: models are kept in this process and the bytes only reference them, so stored versions do not survive a
/// restart. The catalog, training and prediction code go through this class only, so the merge replaces this file.
/// </summary>
internal static class ModelFiles
{
    private const string InterimPrefix = "edgeopt-interim-model:";
    private static readonly ConcurrentDictionary<string, ILatencyModel> InProcess = new(StringComparer.Ordinal);

    public static byte[] SaveLatency(ILatencyModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        string key = Guid.NewGuid().ToString("N");
        InProcess[key] = model;
        return Encoding.ASCII.GetBytes(InterimPrefix + key);
    }

    /// <exception cref="InvalidDataException">The bytes hold no model this process can read; names <paramref name="what"/>.</exception>
    public static ILatencyModel LoadLatency(byte[] bytes, string what)
    {
        string text = Encoding.ASCII.GetString(bytes);
        if (text.StartsWith(InterimPrefix, StringComparison.Ordinal) && InProcess.TryGetValue(text[InterimPrefix.Length..], out var model))
            return model;
        throw new InvalidDataException($"{what}: the stored model cannot be read by this server (written by an earlier process without model persistence)");
    }

    /// <summary>A pretrained latency model file and the version record its card describes.</summary>
    public static (ILatencyModel Model, EdgeOpt.Server.Domain.PredictorVersionRecord Draft) ReadPretrained(
        string file, EdgeOpt.Core.Spaces.ISearchSpace space, long nowUnixMs) =>
        throw new NotSupportedException($"{file}: reading latency model files needs the persistence API (not merged yet)");

    /// <summary>A pretrained accuracy predictor file as an accuracy source.</summary>
    public static EdgeOpt.Learning.Optimization.Accuracy.IAccuracySource LoadAccuracy(string file, EdgeOpt.Core.Spaces.ISearchSpace space, string dataset) =>
        throw new NotSupportedException($"{file}: reading accuracy model files needs the persistence API (not merged yet)");
}

/// <summary>Where pretrained models are looked for. INTERIM until PretrainedModels (f2/persist) is merged.</summary>
internal static class ModelsFolder
{
    /// <summary>The explicit folder, else <c>&lt;AppContext.BaseDirectory&gt;/models</c>; null when the folder does not exist.</summary>
    public static string? Locate(string? explicitDirectory)
    {
        string folder = string.IsNullOrWhiteSpace(explicitDirectory)
            ? Path.Combine(AppContext.BaseDirectory, "models")
            : Path.GetFullPath(explicitDirectory);
        return Directory.Exists(folder) ? folder : null;
    }
}
