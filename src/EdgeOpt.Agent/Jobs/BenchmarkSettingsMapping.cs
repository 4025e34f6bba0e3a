using EdgeOpt.Contracts.V1;
using EdgeOpt.Runtime.Benchmarking;

namespace EdgeOpt.Agent.Jobs;

/// <summary>
/// Maps a job's <see cref="BenchmarkSettings"/> onto <see cref="BenchmarkOptions"/>. proto3 cannot tell "0" from
/// "not set", so a zero takes the runner's default (10 warm-up runs, 10 to 1000 timed runs, 2 % relative
/// standard error, 60 s, 1 intra-op thread, batch 1); other values are used as given and validated.
/// </summary>
public static class BenchmarkSettingsMapping
{
    /// <summary>The options, or null with an error naming the setting and its allowed values.</summary>
    public static BenchmarkOptions? TryMap(BenchmarkSettings? settings, string executionProvider, int deviceId, out string? error)
    {
        settings ??= new BenchmarkSettings();
        var defaults = new BenchmarkOptions();
        var minRuns = settings.MinRuns == 0 ? defaults.MinRuns : settings.MinRuns;
        var options = new BenchmarkOptions
        {
            WarmupRuns = settings.WarmupRuns == 0 ? defaults.WarmupRuns : settings.WarmupRuns,
            MinRuns = minRuns,
            MaxRuns = settings.MaxRuns == 0 ? Math.Max(defaults.MaxRuns, minRuns) : settings.MaxRuns,
            TargetRelativeStandardError = settings.TargetRelativeStandardError == 0
                ? defaults.TargetRelativeStandardError
                : settings.TargetRelativeStandardError,
            MaxSeconds = settings.MaxSeconds == 0 ? defaults.MaxSeconds : settings.MaxSeconds,
            IntraOpThreads = settings.IntraOpThreads == 0 ? defaults.IntraOpThreads : settings.IntraOpThreads,
            BatchSize = settings.BatchSize == 0 ? defaults.BatchSize : settings.BatchSize,
            ExecutionProvider = executionProvider,
            DeviceId = deviceId,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            error = $"job.settings cannot be used: {e.Message}";
            return null;
        }
        error = null;
        return options;
    }
}
