using EdgeOpt.Agent.Tests.Support;

namespace EdgeOpt.Agent.Tests;

public sealed class AgentOptionsTests : IDisposable
{
    private readonly TempTree _tree = new();

    private static AgentOptions Parse(string[] args, Func<string, string?>? environment = null) =>
        AgentCommandLine.ToOptions(AgentCommandLine.Create().Parse(args), environment ?? (_ => null));

    [Fact]
    public void Validate_ServerAndToken_IsValidInMeasureMode()
    {
        var options = Parse(["--server", "http://localhost:5000", "--token", "t0k3n"]);

        Assert.Empty(options.Validate());
        Assert.Equal("measure", options.Mode);
    }

    [Fact]
    public void Validate_Nothing_NamesServerAndToken()
    {
        var errors = new AgentOptions().Validate();

        Assert.Contains(errors, e => e.StartsWith("--server: required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--token: required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadValues_EachErrorNamesItsOptionAndTheAllowedValues()
    {
        var options = Parse([
            "--server", "localhost:5000", "--token", "t", "--execution-provider", "tpu", "--energy-meter", "command",
            "--concurrency", "100", "--backoff-initial-seconds", "5", "--backoff-max-seconds", "1", "--log-level", "loud",
        ]);

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("--server:", StringComparison.Ordinal) && e.Contains("http://"));
        Assert.Contains(errors, e => e.StartsWith("--execution-provider:", StringComparison.Ordinal) && e.Contains("cpu, cuda"));
        Assert.Contains(errors, e => e.StartsWith("--energy-command:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--concurrency:", StringComparison.Ordinal) && e.Contains("1 to 64"));
        Assert.Contains(errors, e => e.StartsWith("--backoff-max-seconds:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--log-level:", StringComparison.Ordinal) && e.Contains("information"));
    }

    [Fact]
    public void Validate_ReplayWithoutDevice_AsksForDevice_AndDeviceWithoutReplayIsRefused()
    {
        var csv = _tree.Write("r.csv", "arch,a\n");

        Assert.Contains(Parse(["--server", "http://s", "--token", "t", "--replay", csv]).Validate(),
            e => e.StartsWith("--device: required with --replay", StringComparison.Ordinal));
        Assert.Contains(Parse(["--server", "http://s", "--token", "t", "--device", "pixel3"]).Validate(),
            e => e.StartsWith("--device: only used with --replay", StringComparison.Ordinal));
        Assert.Contains(Parse(["--server", "http://s", "--token", "t", "--replay", csv, "--device", "a", "--space", "darts"]).Validate(),
            e => e.StartsWith("--space:", StringComparison.Ordinal) && e.Contains("nb201, fbnet"));
    }

    [Fact]
    public void ToOptions_ConfigFile_GivesValuesThatTheCommandLineOverrides()
    {
        var config = _tree.Write("agent.json", """
            {
              // comments are allowed
              "server": "http://from-file:5000",
              "token": "file-token",
              "replay-delay-ms": 250,
              "energy-meter": "none",
              "heartbeat-seconds": 7.5,
            }
            """);

        var options = Parse(["--config", config, "--server", "http://from-cli:6000"]);

        Assert.Equal("http://from-cli:6000", options.Server);
        Assert.Equal("file-token", options.Token);
        Assert.Equal(250, options.ReplayDelayMs);
        Assert.Equal("none", options.EnergyMeter);
        Assert.Equal(7.5, options.HeartbeatSeconds);
    }

    [Fact]
    public void ToOptions_UnknownKeyInConfig_ThrowsNamingTheFileAndKey()
    {
        var config = _tree.Write("agent.json", """{ "server": "http://s", "tokn": "x" }""");

        var error = Assert.Throws<AgentOptionsException>(() => Parse(["--config", config]));
        Assert.StartsWith("--config:", error.Message);
        Assert.Contains("tokn", error.Message);
    }

    [Fact]
    public void ToOptions_NoToken_TakesItFromTheEnvironment()
    {
        var options = Parse(["--server", "http://s"], name => name == AgentOptions.TokenVariable ? "env-token" : null);
        Assert.Equal("env-token", options.Token);

        var given = Parse(["--server", "http://s", "--token", "cli"], name => name == AgentOptions.TokenVariable ? "env-token" : null);
        Assert.Equal("cli", given.Token);
    }

    public void Dispose() => _tree.Dispose();
}
