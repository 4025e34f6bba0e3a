using EdgeOpt.Core.Onnx;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EdgeOpt.Server.Optimization;

/// <summary>Registers the Optimizer service's parts. An <see cref="IActivationCalibrator"/> registered by the host calibrates int8 ONNX exports.</summary>
public static class OptimizerRegistration
{
    public static IServiceCollection AddEdgeOptOptimizer(this IServiceCollection services)
    {
        services.AddOptions<OptimizerServiceOptions>().BindConfiguration(OptimizerServiceOptions.SectionName)
            .Validate(o => o.Confidence is null or (> 0 and < 1),
                $"{OptimizerServiceOptions.SectionName}:Confidence must be strictly between 0 and 1 (or unset for the defaults 0.97 / 0.7)")
            .Validate(o => o.IntervalLevel is > 0 and < 1, $"{OptimizerServiceOptions.SectionName}:IntervalLevel must be strictly between 0 and 1")
            .Validate(o => o.UnmodeledMissRate is null or (>= 0 and < 1),
                $"{OptimizerServiceOptions.SectionName}:UnmodeledMissRate must be in [0, 1) (or unset to trust the predictor's P(fit))")
            .Validate(o => o.MaxVerifications >= 1, $"{OptimizerServiceOptions.SectionName}:MaxVerifications must be 1 or more")
            .ValidateOnStart();
        services.TryAddSingleton<AgentPresence>();
        services.TryAddSingleton<OptimizerChoice>();
        services.TryAddSingleton(sp => new OnnxExport(sp.GetService<IActivationCalibrator>()));
        services.TryAddSingleton<DesignOptimization>();
        return services;
    }
}
