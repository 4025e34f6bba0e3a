using EdgeOpt.Cli.Tests.Support;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>The verb test classes share one server (its first enrollment computes the signature sets, which takes a while).</summary>
[CollectionDefinition(Name)]
public sealed class ServedFleet : ICollectionFixture<ServerFixture>
{
    public const string Name = "served fleet";
}

/// <summary>
/// One `edgeopt serve` process for the verb tests. Its data folder is named edgeopt-data (the CLI's default)
/// inside <see cref="Root"/>, so a verb run from <see cref="Root"/> finds the operator token without --data.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private ServerProcess? _server;

    public string Root => _temp.Path;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(_temp.Combine("edgeopt-data"));

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _temp.Dispose();
    }

    /// <summary>Runs a fleet verb against this server with --server and --data.</summary>
    public Task<CliResult> RunAsync(params string[] arguments) => EdgeOptCli.AgainstAsync(Server, arguments);

    /// <summary>A name no other test of the class uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
