using EdgeOpt.Core.Onnx;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EdgeOpt.Server.Optimization;

/// <summary>Registers the Optimizer service's parts. An <see cref="IActivationCalibrator"/> registered by the host calibrates int8 ONNX exports.</summary>
public static class OptimizerRegistration
{
    public static IServiceCollection AddEdgeOptOptimizer(this IServiceCollection services)
    {
        services.AddOptions<OptimizerServiceOptions>().BindConfiguration(OptimizerServiceOptions.SectionName);
        services.TryAddSingleton<AgentPresence>();
        services.TryAddSingleton<OptimizerChoice>();
        services.TryAddSingleton(sp => new OnnxExport(sp.GetService<IActivationCalibrator>()));
        services.TryAddSingleton<DesignOptimization>();
        return services;
    }
}
