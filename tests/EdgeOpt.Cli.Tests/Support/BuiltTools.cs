namespace EdgeOpt.Cli.Tests.Support;

/// <summary>
/// The programs under test, as built into this test project's output by its project references: the CLI
/// (edgeopt.dll, which also hosts the server with `serve`) and the device agent (edgeopt-agent.dll). They run
/// with `dotnet exec`, each in its own process.
/// </summary>
public static class BuiltTools
{
    public static string Cli => Require("edgeopt.dll");

    public static string Agent => Require("edgeopt-agent.dll");

    /// <summary>The dotnet host running these tests (so children use the same runtime).</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : "dotnet";

    private static string Require(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, fileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{fileName} is missing from the test output ({AppContext.BaseDirectory}); build the test project", path);
        string runtimeConfig = Path.ChangeExtension(path, ".runtimeconfig.json");
        if (!File.Exists(runtimeConfig)) throw new FileNotFoundException($"{Path.GetFileName(runtimeConfig)} is missing beside {fileName}", runtimeConfig);
        return path;
    }
}
