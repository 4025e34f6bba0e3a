using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.TestSupport;

/// <summary>
/// The real server (EdgeOptServer.BuildApp) on 127.0.0.1 with a free port and a temporary data folder, plus gRPC
/// clients over a real channel. Every client call gets a deadline.
/// </summary>
public sealed class TestFleet : IAsyncDisposable
{
    /// <summary>The operator token the fixture configures (EdgeOpt:Server:OperatorToken).</summary>
    public const string OperatorSecret = "eo_test-operator-secret-0123456789-abcdefghij";

    private readonly bool _ownsDirectory;

    private TestFleet(WebApplication app, string dataDirectory, bool ownsDirectory, CapturedLogs logs)
    {
        App = app;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Logs = logs;
        Address = app.Urls.Single();
        Channel = GrpcChannel.ForAddress(Address);
    }

    public WebApplication App { get; }
    public string DataDirectory { get; }
    public string Address { get; }
    public GrpcChannel Channel { get; }
    public CapturedLogs Logs { get; }

    public Wire.Fleet.FleetClient Operator => Fleet(OperatorSecret);

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>
    /// Starts a server. <paramref name="dataDirectory"/>: reuse a folder (it is then not deleted on dispose);
    /// <paramref name="configureOperatorToken"/>: false to exercise the bootstrap token file;
    /// <paramref name="callDeadline"/>: each call's deadline (default 20 s; longer for servers that load the shipped models,
    /// whose first calls wait for the model to load and can take that long on a loaded 2-core machine).
    /// </summary>
    public static async Task<TestFleet> StartAsync(
        Action<ServerOptions>? configure = null,
        string? dataDirectory = null,
        bool configureOperatorToken = true,
        Action<WebApplicationBuilder>? configureBuilder = null,
        TimeSpan? callDeadline = null)
    {
        bool owns = dataDirectory is null;
        dataDirectory ??= NewTempDirectory();
        var logs = new CapturedLogs();
        var app = EdgeOptServer.BuildApp(
            [],
            o =>
            {
                o.ListenUrl = "http://127.0.0.1:0";
                o.DataDirectory = dataDirectory;
                if (configureOperatorToken) o.OperatorToken = OperatorSecret;
                // No pretrained models unless a test asks for them: loading the repository's neural models into
                // every test server would cost seconds per test.
                o.ModelsDirectory = Path.Combine(dataDirectory, "no-models");
                configure?.Invoke(o);
            },
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
                builder.Logging.AddProvider(logs);
                configureBuilder?.Invoke(builder);
            });
        try
        {
            await app.StartAsync(TestTimeout.Token());
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new TestFleet(app, dataDirectory, owns, logs) { CallDeadline = callDeadline ?? TimeSpan.FromSeconds(20) };
    }

    /// <summary>The deadline each call of this fleet's clients gets.</summary>
    public TimeSpan CallDeadline { get; private init; }

    public static string NewTempDirectory() =>
        Path.Combine(Path.GetTempPath(), "edgeopt-server-tests", Guid.NewGuid().ToString("N"));

    public Wire.Fleet.FleetClient Fleet(string? token) => new(Invoker(token));

    public Wire.Agent.AgentClient Agent(string? token) => new(Invoker(token));

    public Wire.Predictor.PredictorClient Predictor(string? token) => new(Invoker(token));

    public Wire.Optimizer.OptimizerClient Optimizer(string? token) => new(Invoker(token));

    public Health.HealthClient Health() => new(Invoker(null));

    /// <summary>The health service's overall status.</summary>
    public async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync() =>
        (await Health().CheckAsync(new HealthCheckRequest())).Status;

    private CallInvoker Invoker(string? token)
    {
        var invoker = Channel.Intercept(new DeadlineInterceptor(CallDeadline));
        return token is null
            ? invoker
            : invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {token}");
                return metadata;
            });
    }

    public async ValueTask DisposeAsync()
    {
        // EDGEOPT_TEST_LOG_DIR=/some/folder keeps each server's log there, for debugging failures.
        if (Environment.GetEnvironmentVariable("EDGEOPT_TEST_LOG_DIR") is { Length: > 0 } logDir)
        {
            Directory.CreateDirectory(logDir);
            await File.WriteAllLinesAsync(Path.Combine(logDir, $"{Path.GetFileName(DataDirectory)}.log"), Logs.Lines);
        }
        Channel.Dispose();
        try
        {
            await App.StopAsync(TestTimeout.Token());
        }
        finally
        {
            await App.DisposeAsync();
            if (_ownsDirectory) TryDelete(DataDirectory);
        }
    }

    public static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
