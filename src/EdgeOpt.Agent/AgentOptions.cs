using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeOpt.Agent.Energy;
using EdgeOpt.Agent.Transport;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Runtime.Benchmarking;

namespace EdgeOpt.Agent;

/// <summary>
/// Everything the agent is told: where the server is, who it is, how it measures (or what it replays), its
/// energy meter, and the timings of its calls. Set by command-line options or by a JSON config file with the
/// same keys (the option names without the leading dashes, e.g. <c>"replay-delay-ms"</c>); options on the
/// command line win over the file. <see cref="Validate"/> lists every problem, each naming its option.
/// </summary>
public sealed class AgentOptions
{
    /// <summary>Environment variable read for the token when neither the command line nor the file gives one.</summary>
    public const string TokenVariable = "EDGEOPT_AGENT_TOKEN";

    public static IReadOnlyList<string> LogFormats { get; } = ["simple", "json"];

    /// <summary>The server's URL, http:// (cleartext HTTP/2) or https://.</summary>
    public string? Server { get; set; }

    /// <summary>The agent token the server issued for this device.</summary>
    public string? Token { get; set; }

    /// <summary>A recording in the import format to answer jobs from (replay mode) instead of measuring.</summary>
    public string? Replay { get; set; }

    /// <summary>Replay mode: the device column of <see cref="Replay"/> to answer for.</summary>
    public string? Device { get; set; }

    /// <summary>Replay mode: the search space of the recording.</summary>
    public string? Space { get; set; }

    /// <summary>Replay mode: time each answer takes, standing in for benchmark time.</summary>
    public int ReplayDelayMs { get; set; }

    /// <summary>ONNX Runtime execution provider for measured jobs: cpu or cuda.</summary>
    public string ExecutionProvider { get; set; } = ExecutionProviders.Cpu;

    /// <summary>CUDA device ordinal (and NVML index) used with the cuda provider.</summary>
    public int GpuIndex { get; set; }

    /// <summary>Jobs run at once; measured jobs should run alone (1) so they do not disturb each other.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>auto, none, rapl, nvml, ina or command.</summary>
    public string EnergyMeter { get; set; } = EnergyMeters.Auto;

    /// <summary>Shell command printing cumulative joules (the command meter).</summary>
    public string? EnergyCommand { get; set; }

    /// <summary>How often the energy command runs while measuring.</summary>
    public int EnergyCommandPeriodMs { get; set; } = (int)EnergyMeterSettings.DefaultCommandPeriod.TotalMilliseconds;

    /// <summary>INA3221 rail to read (default: the board input).</summary>
    public string? InaRail { get; set; }

    /// <summary>File-system root under which sysfs is read (tests point it at a fake tree).</summary>
    public string SysfsRoot { get; set; } = "/";

    /// <summary>Deadline of every unary call.</summary>
    public double RpcTimeoutSeconds { get; set; } = 30;

    /// <summary>Deadline of one job stream; at the deadline the agent reopens the stream at once.</summary>
    public double StreamDeadlineSeconds { get; set; } = 600;

    /// <summary>First reconnect or retry wait (before jitter).</summary>
    public double BackoffInitialSeconds { get; set; } = 0.5;

    /// <summary>Longest reconnect or retry wait.</summary>
    public double BackoffMaxSeconds { get; set; } = 30;

    /// <summary>Tries of one report before it is given up (the server re-leases the job when its lease runs out).</summary>
    public int ReportAttempts { get; set; } = 8;

    /// <summary>Heartbeat interval; 0 = what the server asks for at enrollment.</summary>
    public double HeartbeatSeconds { get; set; }

    /// <summary>After SIGTERM or Ctrl+C: how long a running job may take to finish before it is abandoned.</summary>
    public double ShutdownGraceSeconds { get; set; } = 10;

    /// <summary>Minimum log level: trace, debug, information, warning, error, critical.</summary>
    public string LogLevel { get; set; } = "information";

    /// <summary>simple (one line per event) or json (one JSON object per event).</summary>
    public string LogFormat { get; set; } = "simple";

    /// <summary>"replay" with a recording, else "measure".</summary>
    [JsonIgnore]
    public string Mode => Replay is null ? "measure" : "replay";

    [JsonIgnore]
    public Uri? ServerUri => Uri.TryCreate(Server, UriKind.Absolute, out var uri) ? uri : null;

    [JsonIgnore]
    public TimeSpan RpcTimeout => TimeSpan.FromSeconds(RpcTimeoutSeconds);

    [JsonIgnore]
    public TimeSpan StreamDeadline => TimeSpan.FromSeconds(StreamDeadlineSeconds);

    [JsonIgnore]
    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(ShutdownGraceSeconds);

    [JsonIgnore]
    public Microsoft.Extensions.Logging.LogLevel MinimumLogLevel =>
        Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(LogLevel, ignoreCase: true, out var level) ? level : Microsoft.Extensions.Logging.LogLevel.Information;

    public Backoff CreateBackoff(Random? random = null) =>
        new(TimeSpan.FromSeconds(BackoffInitialSeconds), TimeSpan.FromSeconds(BackoffMaxSeconds), random);

    public EnergyMeterSettings EnergySettings(TimeProvider? time = null) => new(
        SysfsRoot, EnergyCommand, TimeSpan.FromMilliseconds(EnergyCommandPeriodMs), InaRail, GpuIndex, Time: time);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads a JSON config file; <see cref="AgentOptionsException"/> names the file and the problem.</summary>
    public static AgentOptions LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AgentOptionsException($"--config: cannot read '{path}': {e.Message}");
        }
        try
        {
            return JsonSerializer.Deserialize<AgentOptions>(text, JsonOptions)
                   ?? throw new AgentOptionsException($"--config: '{path}' holds null; expected a JSON object of options");
        }
        catch (JsonException e)
        {
            throw new AgentOptionsException($"--config: '{path}' is not a valid agent config: {e.Message}");
        }
    }

    /// <summary>Every problem with the options, each starting with the option it concerns; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Require(bool ok, string option, string message)
        {
            if (!ok) errors.Add($"--{option}: {message}");
        }

        if (string.IsNullOrWhiteSpace(Server))
            errors.Add("--server: required: the EdgeOpt server's URL, e.g. http://edgeopt.local:5000");
        else
            Require(ServerUri is { Scheme: "http" or "https" }, "server",
                $"'{Server}' is not an absolute http:// or https:// URL");

        if (string.IsNullOrWhiteSpace(Token))
            errors.Add($"--token: required: the agent token the server issued for this device (or set {TokenVariable})");
        else
            Require(!Token.Any(char.IsWhiteSpace), "token", "contains whitespace; paste the token exactly as issued");

        if (Replay is not null)
        {
            Require(File.Exists(Replay), "replay", $"file '{Replay}' does not exist");
            Require(!string.IsNullOrWhiteSpace(Device), "device", "required with --replay: the device column of the recording to answer for");
            Require(Space is null || SearchSpaces.TryGet(Space, out _), "space",
                $"unknown search space '{Space}'; allowed: {string.Join(", ", SearchSpaces.Ids)}");
            Require(ReplayDelayMs >= 0, "replay-delay-ms", $"is {ReplayDelayMs}; allowed: >= 0 milliseconds");
        }
        else
        {
            Require(Device is null, "device", "only used with --replay");
            Require(Space is null, "space", "only used with --replay");
            Require(ReplayDelayMs == 0, "replay-delay-ms", "only used with --replay");
        }

        Require(ExecutionProviders.All.Contains(ExecutionProvider), "execution-provider",
            $"'{ExecutionProvider}' is unknown; allowed: {string.Join(", ", ExecutionProviders.All)}");
        Require(GpuIndex >= 0, "gpu-index", $"is {GpuIndex}; allowed: >= 0");
        Require(Concurrency is >= 1 and <= 64, "concurrency", $"is {Concurrency}; allowed: 1 to 64");

        Require(EnergyMeters.Choices.Contains(EnergyMeter), "energy-meter",
            $"'{EnergyMeter}' is unknown; allowed: {string.Join(", ", EnergyMeters.Choices)}");
        Require(EnergyMeter != CommandEnergyMeter.MeterName || !string.IsNullOrWhiteSpace(EnergyCommand), "energy-command",
            "required with --energy-meter command: a shell command that prints cumulative joules");
        Require(EnergyCommandPeriodMs >= 1, "energy-command-period-ms", $"is {EnergyCommandPeriodMs}; allowed: >= 1 millisecond");
        Require(!string.IsNullOrWhiteSpace(SysfsRoot) && Directory.Exists(SysfsRoot), "sysfs-root", $"'{SysfsRoot}' is not a directory");

        static bool Positive(double seconds) => double.IsFinite(seconds) && seconds > 0;
        Require(Positive(RpcTimeoutSeconds), "rpc-timeout-seconds", $"is {RpcTimeoutSeconds}; allowed: > 0 seconds");
        Require(Positive(StreamDeadlineSeconds), "stream-deadline-seconds", $"is {StreamDeadlineSeconds}; allowed: > 0 seconds");
        Require(Positive(BackoffInitialSeconds), "backoff-initial-seconds", $"is {BackoffInitialSeconds}; allowed: > 0 seconds");
        Require(Positive(BackoffMaxSeconds) && BackoffMaxSeconds >= BackoffInitialSeconds, "backoff-max-seconds",
            $"is {BackoffMaxSeconds}; allowed: >= --backoff-initial-seconds ({BackoffInitialSeconds})");
        Require(ReportAttempts >= 1, "report-attempts", $"is {ReportAttempts}; allowed: >= 1");
        Require(double.IsFinite(HeartbeatSeconds) && HeartbeatSeconds >= 0, "heartbeat-seconds", $"is {HeartbeatSeconds}; allowed: >= 0 (0 = the server's interval)");
        Require(double.IsFinite(ShutdownGraceSeconds) && ShutdownGraceSeconds >= 0, "shutdown-grace-seconds", $"is {ShutdownGraceSeconds}; allowed: >= 0 seconds");

        Require(Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(LogLevel, ignoreCase: true, out var level) && level != Microsoft.Extensions.Logging.LogLevel.None,
            "log-level", $"'{LogLevel}' is unknown; allowed: trace, debug, information, warning, error, critical");
        Require(LogFormats.Contains(LogFormat), "log-format", $"'{LogFormat}' is unknown; allowed: {string.Join(", ", LogFormats)}");
        return errors;
    }
}

/// <summary>Options that cannot be read or used; the message names the option.</summary>
public sealed class AgentOptionsException(string message) : Exception(message);
