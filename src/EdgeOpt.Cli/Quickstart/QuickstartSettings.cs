namespace EdgeOpt.Cli.Quickstart;

/// <summary>What `edgeopt quickstart` was asked to do.</summary>
/// <param name="OutputDirectory">Where model.onnx and the report go.</param>
/// <param name="DataDirectory">The in-process server's data folder (LiteDB file, operator token, server.log).</param>
/// <param name="Replay">A recording in the import format whose devices join the fleet (or null).</param>
/// <param name="ReplayDevices">Its device columns to use; empty = its first three.</param>
/// <param name="ReplayRows">Architectures of the recording imported per replay device (a seeded sample).</param>
/// <param name="BudgetMs">Latency budget; null = the median of this machine's signature latencies.</param>
/// <param name="Dataset">Accuracy dataset; empty = the server's default.</param>
/// <param name="DeviceName">Name of this machine in the fleet.</param>
/// <param name="ModelsDirectory">Pretrained models folder; null = the one shipped beside the program.</param>
/// <param name="BenchmarkSeconds">Longest time one benchmark on this machine may take.</param>
/// <param name="Command">The command line, for the report.</param>
internal sealed record QuickstartSettings(
    string OutputDirectory,
    string DataDirectory,
    string? Replay,
    IReadOnlyList<string> ReplayDevices,
    int ReplayRows,
    double? BudgetMs,
    string Space,
    string Dataset,
    int Seed,
    string DeviceName,
    string? ModelsDirectory,
    double BenchmarkSeconds,
    string Command);
