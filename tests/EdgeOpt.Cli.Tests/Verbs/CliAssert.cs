using EdgeOpt.Cli.Tests.Support;

namespace EdgeOpt.Cli.Tests.Verbs;

public static class CliAssert
{
    /// <summary>The run failed with <paramref name="exitCode"/> and printed exactly one line, on standard error, holding <paramref name="parts"/>.</summary>
    public static void OneErrorLine(CliResult result, int exitCode, params string[] parts)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit code {exitCode}: {result}");
        var lines = result.Errors.Where(l => l.Trim().Length > 0).ToList();
        Assert.True(lines.Count == 1, $"expected one error line: {result}");
        Assert.StartsWith("error: ", lines[0]);
        foreach (var part in parts) Assert.Contains(part, lines[0]);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr);
        Assert.DoesNotContain("Exception", result.Stdout + result.Stderr);
    }
}
