using System.Text.Json.Nodes;

namespace EdgeOpt.Cli.Tests.Support;

/// <summary>What one `edgeopt` run printed and returned.</summary>
public sealed record CliResult(string[] Arguments, int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors)
{
    public string Stdout => string.Join('\n', Output);
    public string Stderr => string.Join('\n', Errors);

    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException($"no JSON in the output of {this}");

    /// <summary>Throws with the whole transcript unless the run exited with 0.</summary>
    public CliResult Succeeded()
    {
        if (ExitCode != 0) throw new Xunit.Sdk.XunitException($"expected exit code 0, got {ExitCode}: {this}");
        return this;
    }

    public override string ToString() =>
        $"edgeopt {string.Join(' ', Arguments)} -> {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the built `edgeopt` (a separate process) and waits for it.</summary>
public static class EdgeOptCli
{
    public static async Task<CliResult> RunAsync(
        IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null,
        double timeoutSeconds = 60)
    {
        var args = arguments.ToArray();
        await using var process = ChildProcess.Start("edgeopt-" + args.FirstOrDefault(), BuiltTools.Cli, args, workingDirectory, environment);
        int code = await process.WaitForExitAsync(TimeSpan.FromSeconds(timeoutSeconds));
        return new CliResult(args, code, process.Output, process.Errors);
    }

    /// <summary>Runs a fleet verb against <paramref name="server"/> with its operator token file (--data).</summary>
    public static Task<CliResult> AgainstAsync(ServerProcess server, params string[] arguments) =>
        RunAsync([.. arguments, "--server", server.Address, "--data", server.DataDirectory]);
}
