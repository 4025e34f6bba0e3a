using EdgeOpt.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace EdgeOpt.Cli.Quickstart;

/// <summary>Quickstart step: the in-process server on a loopback port, its data in the data folder and its log in a file.</summary>
internal static class QuickstartServer
{
    public static WebApplication Build(QuickstartSettings settings, string data, FileLoggerProvider log)
    {
        var args = new List<string>();
        if (settings.ModelsDirectory is { } models) args.Add($"--EdgeOpt:Optimizer:ModelsDirectory={Path.GetFullPath(models)}");
        return EdgeOptServer.BuildApp(args.ToArray(), o =>
        {
            o.ListenUrl = "http://127.0.0.1:0";
            o.DataDirectory = data;
            if (settings.ModelsDirectory is { } folder) o.ModelsDirectory = Path.GetFullPath(folder);
            // Trained here only when no pretrained predictor exists: the quick method.
            o.PredictorMethod ??= "ridge";
            o.Benchmark.MaxSeconds = settings.BenchmarkSeconds;
            o.Benchmark.MeasureEnergy = false;
        }, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(log);
        });
    }
}
