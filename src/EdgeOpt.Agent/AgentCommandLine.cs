using System.CommandLine;
using EdgeOpt.Agent.Energy;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Agent;

/// <summary>
/// The command line of <c>edgeopt-agent</c>. Every option has the same key in the JSON config file (without the
/// dashes); options given here override the file, and the file overrides the defaults.
/// </summary>
public static class AgentCommandLine
{
    private static readonly Option<string?> Config = new("--config") { Description = "JSON file of options (keys as the options below, without dashes). Options given here win." };
    private static readonly Option<string?> Server = new("--server") { Description = "The EdgeOpt server's URL (http:// for cleartext HTTP/2, https://)." };
    private static readonly Option<string?> Token = new("--token") { Description = $"Agent token issued for this device (else ${AgentOptions.TokenVariable})." };
    private static readonly Option<string?> Replay = new("--replay") { Description = "Answer jobs from this recording (import-format CSV) instead of measuring." };
    private static readonly Option<string?> Device = new("--device") { Description = "With --replay: the device column to answer for." };
    private static readonly Option<string?> Space = new("--space") { Description = $"With --replay: the recording's search space ({string.Join(", ", SearchSpaces.Ids)}; default nb201)." };
    private static readonly Option<int> ReplayDelayMs = new("--replay-delay-ms") { Description = "With --replay: milliseconds each answer takes, standing in for benchmark time." };
    private static readonly Option<string> ExecutionProvider = new("--execution-provider") { Description = "ONNX Runtime provider for measured jobs: cpu or cuda (falls back to cpu, logged)." };
    private static readonly Option<int> GpuIndex = new("--gpu-index") { Description = "CUDA device ordinal and NVML index." };
    private static readonly Option<int> Concurrency = new("--concurrency") { Description = "Jobs run at once (default 1: measured jobs should run alone)." };
    private static readonly Option<string> EnergyMeter = new("--energy-meter") { Description = $"Energy meter: {string.Join(", ", EnergyMeters.Choices)} (default auto)." };
    private static readonly Option<string?> EnergyCommand = new("--energy-command") { Description = "Shell command printing the device's cumulative energy in joules (the command meter)." };
    private static readonly Option<int> EnergyCommandPeriodMs = new("--energy-command-period-ms") { Description = "How often the energy command runs while measuring (default 500)." };
    private static readonly Option<string?> InaRail = new("--ina-rail") { Description = "INA3221 rail to read, e.g. VDD_IN (default: the board input)." };
    private static readonly Option<string> SysfsRoot = new("--sysfs-root") { Description = "Root under which sysfs is read (default /)." };
    private static readonly Option<double> RpcTimeoutSeconds = new("--rpc-timeout-seconds") { Description = "Deadline of each call (default 30)." };
    private static readonly Option<double> StreamDeadlineSeconds = new("--stream-deadline-seconds") { Description = "Deadline of one job stream, reopened at once when reached (default 600)." };
    private static readonly Option<double> BackoffInitialSeconds = new("--backoff-initial-seconds") { Description = "First reconnect/retry wait before jitter (default 0.5)." };
    private static readonly Option<double> BackoffMaxSeconds = new("--backoff-max-seconds") { Description = "Longest reconnect/retry wait (default 30)." };
    private static readonly Option<int> ReportAttempts = new("--report-attempts") { Description = "Tries of one report before giving it up (default 8)." };
    private static readonly Option<double> HeartbeatSeconds = new("--heartbeat-seconds") { Description = "Heartbeat interval (default: the server's)." };
    private static readonly Option<double> ShutdownGraceSeconds = new("--shutdown-grace-seconds") { Description = "On SIGTERM/Ctrl+C, time a running job gets to finish (default 10)." };
    private static readonly Option<string> LogLevel = new("--log-level") { Description = "trace, debug, information, warning, error or critical (default information)." };
    private static readonly Option<string> LogFormat = new("--log-format") { Description = "simple or json (default simple)." };

    public static RootCommand Create() => new("edgeopt-agent: the EdgeOpt device agent. Enrolls with the server, takes benchmark jobs, measures them with ONNX Runtime (or replays a recording) and reports.")
    {
        Config, Server, Token, Replay, Device, Space, ReplayDelayMs, ExecutionProvider, GpuIndex, Concurrency,
        EnergyMeter, EnergyCommand, EnergyCommandPeriodMs, InaRail, SysfsRoot, RpcTimeoutSeconds, StreamDeadlineSeconds,
        BackoffInitialSeconds, BackoffMaxSeconds, ReportAttempts, HeartbeatSeconds, ShutdownGraceSeconds, LogLevel, LogFormat,
    };

    /// <summary>
    /// The options of a parsed command line: the config file's (when given), overridden by every option present,
    /// with the token taken from <see cref="AgentOptions.TokenVariable"/> when neither gives one. Not validated.
    /// </summary>
    public static AgentOptions ToOptions(ParseResult parse, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        environment ??= Environment.GetEnvironmentVariable;
        var options = parse.GetValue(Config) is { } path ? AgentOptions.LoadFile(path) : new AgentOptions();

        void Set<T>(Option<T> option, Action<T> apply)
        {
            if (parse.GetResult(option) is not null) apply(parse.GetValue(option)!);
        }

        Set(Server, v => options.Server = v);
        Set(Token, v => options.Token = v);
        Set(Replay, v => options.Replay = v);
        Set(Device, v => options.Device = v);
        Set(Space, v => options.Space = v);
        Set(ReplayDelayMs, v => options.ReplayDelayMs = v);
        Set(ExecutionProvider, v => options.ExecutionProvider = v);
        Set(GpuIndex, v => options.GpuIndex = v);
        Set(Concurrency, v => options.Concurrency = v);
        Set(EnergyMeter, v => options.EnergyMeter = v);
        Set(EnergyCommand, v => options.EnergyCommand = v);
        Set(EnergyCommandPeriodMs, v => options.EnergyCommandPeriodMs = v);
        Set(InaRail, v => options.InaRail = v);
        Set(SysfsRoot, v => options.SysfsRoot = v);
        Set(RpcTimeoutSeconds, v => options.RpcTimeoutSeconds = v);
        Set(StreamDeadlineSeconds, v => options.StreamDeadlineSeconds = v);
        Set(BackoffInitialSeconds, v => options.BackoffInitialSeconds = v);
        Set(BackoffMaxSeconds, v => options.BackoffMaxSeconds = v);
        Set(ReportAttempts, v => options.ReportAttempts = v);
        Set(HeartbeatSeconds, v => options.HeartbeatSeconds = v);
        Set(ShutdownGraceSeconds, v => options.ShutdownGraceSeconds = v);
        Set(LogLevel, v => options.LogLevel = v);
        Set(LogFormat, v => options.LogFormat = v);

        if (string.IsNullOrWhiteSpace(options.Token) && environment(AgentOptions.TokenVariable) is { Length: > 0 } fromEnvironment)
            options.Token = fromEnvironment.Trim();
        return options;
    }
}
