using EdgeOpt.Server.Auth;
using EdgeOpt.Server.Fleet;
using EdgeOpt.Server.Services;
using EdgeOpt.Server.Hosting;
using EdgeOpt.Server.Jobs;
using EdgeOpt.Server.Optimization;
using EdgeOpt.Server.Predictors;
using EdgeOpt.Server.Storage;
using EdgeOpt.Server.Storage.LiteDb;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Extensions;

/// <summary>Registration of the fleet server (eShop style: Program.cs stays tiny).</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Options, store, auth, scheduler, gRPC (with health checks and reflection) and Kestrel's endpoint.
    /// Replace <see cref="ISignatureSetProvider"/> or <see cref="IFleetStore"/> by registering your own before this call.
    /// </summary>
    public static IHostApplicationBuilder AddEdgeOptServer(this IHostApplicationBuilder builder, Action<ServerOptions>? configure = null)
    {
        var services = builder.Services;

        var options = services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName).ValidateOnStart();
        if (configure is not null) options.PostConfigure(configure);
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFleetStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ServerOptions>>().Value;
            var store = new LiteDbFleetStore(Path.Combine(Path.GetFullPath(o.DataDirectory), ServerOptions.DatabaseFileName));
            sp.GetRequiredService<ILogger<LiteDbFleetStore>>().LogInformation("Fleet store: {DatabaseFile}", store.FilePath);
            return store;
        });
        services.AddSingleton<SpreadSignatureSetProvider>();
        services.TryAddSingleton<ISignatureSetProvider, PredictorSignatureSetProvider>();
        services.AddSingleton<DeviceSignals>();
        services.TryAddSingleton<IJobScheduler, JobScheduler>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<DeviceRegistry>();
        services.AddSingleton<MeasurementIngest>();
        services.AddEdgeOptOptimizer();

        // Predictors: catalog of versions, device models built in the background, Predict/Train.
        services.AddSingleton<PredictorCatalog>();
        services.AddSingleton<MeasurementEpochs>();
        services.AddSingleton<ProxyDevices>();
        services.AddSingleton<DeviceModeler>();
        services.AddSingleton<DevicePredictors>();
        services.AddSingleton<DeviceEnergyPredictors>();
        services.TryAddSingleton<IDevicePredictors>(sp => sp.GetRequiredService<DevicePredictors>());
        services.AddSingleton<AccuracyModels>();
        services.TryAddSingleton<IAccuracyModels>(sp => sp.GetRequiredService<AccuracyModels>());
        services.AddSingleton<DeviceModelingQueue>();
        services.AddSingleton<FrontMeasurementPlanner>();
        services.AddSingleton<PredictorTraining>();
        services.AddSingleton<Predictions>();
        services.AddSingleton<OnnxModelPredictions>();

        // Runs before Kestrel starts listening (IHostedLifecycleService.StartingAsync).
        services.AddHostedService<OperatorTokenBootstrap>();
        services.AddHostedService<LeaseSweeper>();
        services.AddHostedService<PretrainedImport>();
        services.AddHostedService<DeviceModelingWorker>();

        services.AddSingleton<ErrorMappingInterceptor>();
        services.AddSingleton<AuthInterceptor>();
        services.AddGrpc(grpc =>
        {
            // First added runs outermost: errors from auth and services are mapped in one place.
            grpc.Interceptors.Add<ErrorMappingInterceptor>();
            grpc.Interceptors.Add<AuthInterceptor>();
            grpc.EnableDetailedErrors = false;
        });
        services.AddOptions<GrpcServiceOptions>()
            .Configure<IOptions<ServerOptions>>((grpc, o) => grpc.MaxReceiveMessageSize = o.Value.MaxReceiveMessageSize);
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<StoreHealthCheck>("store");

        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<ServerOptions>>((kestrel, o) => KestrelEndpoint.Apply(kestrel, o.Value));
        return builder;
    }

    /// <summary>Maps the gRPC services, health checks and reflection.</summary>
    public static WebApplication MapEdgeOptServer(this WebApplication app)
    {
        app.MapGrpcService<FleetService>();
        app.MapGrpcService<AgentService>();
        app.MapGrpcService<PredictorService>();
        app.MapGrpcService<OptimizerService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
