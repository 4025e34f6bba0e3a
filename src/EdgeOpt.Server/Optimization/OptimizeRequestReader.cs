using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Services.Mapping;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Optimization;

/// <summary>
/// Checks an OptimizeRequest field by field. Malformed fields are InvalidArgument naming the field and the allowed
/// values. An energy budget or weight is read here; whether the device can serve it (energy measurements) is checked
/// when its energy predictor is built (FailedPrecondition naming the field).
/// </summary>
public static class OptimizeRequestReader
{
    public static OptimizeOrder Read(Wire.OptimizeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (deviceId, features, featureSpace) = ReadDevice(request.Device);
        var spaceText = string.IsNullOrWhiteSpace(request.Space) ? featureSpace : request.Space;
        var space = DesignRules.RequireSpace(spaceText, "space");
        if (featureSpace is not null && !string.Equals(featureSpace.Trim(), space.Id, StringComparison.OrdinalIgnoreCase))
            throw FleetException.Invalid($"device.features.space '{featureSpace}' differs from space '{request.Space}'; give one space");

        return new OptimizeOrder
        {
            DeviceId = deviceId,
            Features = features is null ? null : ReadPoints(space, features),
            Space = space,
            Budgets = ReadBudgets(request.Budgets),
            Objective = ReadObjective(request.Objective),
            Dataset = string.IsNullOrWhiteSpace(request.Objective?.AccuracyDataset) ? null : request.Objective.AccuracyDataset.Trim().ToLowerInvariant(),
            AllowedPrecisions = ReadPrecisions(request.AllowedPrecisions),
            Method = ReadMethod(request.Method),
            Pareto = request.Pareto,
            VerifyOnDevice = request.VerifyOnDevice,
            IncludeOnnx = request.IncludeOnnx,
            Seed = request.Seed is >= int.MinValue and <= int.MaxValue
                ? (int)request.Seed
                : throw FleetException.Invalid($"seed {request.Seed} is out of range; allowed: {int.MinValue}..{int.MaxValue}"),
        };
    }

    private static (string? Id, Wire.DeviceFeatures? Features, string? Space) ReadDevice(Wire.DeviceRef? device)
    {
        switch (device?.DeviceCase)
        {
            case Wire.DeviceRef.DeviceOneofCase.DeviceId when !string.IsNullOrWhiteSpace(device.DeviceId):
                return (device.DeviceId.Trim(), null, null);
            case Wire.DeviceRef.DeviceOneofCase.Features:
                return (null, device.Features, string.IsNullOrWhiteSpace(device.Features.Space) ? null : device.Features.Space);
            default:
                throw FleetException.Invalid("device is required: give device.device_id (a registered device) or device.features (its signature points)");
        }
    }

    private static LatencyObservation[] ReadPoints(ISearchSpace space, Wire.DeviceFeatures features)
    {
        if (features.Points.Count == 0)
            throw FleetException.Invalid("device.features.points is empty; give the measured latency (ms) of at least one architecture");
        var points = new LatencyObservation[features.Points.Count];
        for (var i = 0; i < points.Length; i++)
        {
            var p = features.Points[i];
            if (!space.TryParse(p.Arch, out var architecture, out var error))
                throw FleetException.Invalid($"device.features.points[{i}].arch is not a valid '{space.Id}' architecture: {error}");
            if (!(double.IsFinite(p.LatencyMs) && p.LatencyMs > 0))
                throw FleetException.Invalid($"device.features.points[{i}].latency_ms is {p.LatencyMs}; allowed: finite and > 0 (milliseconds)");
            points[i] = new LatencyObservation(architecture!, p.LatencyMs);
        }
        return points;
    }

    private static OptimizationBudgets ReadBudgets(Wire.Budgets? budgets)
    {
        if (budgets is null || !budgets.HasLatencyMs)
            throw FleetException.Invalid("budgets.latency_ms is required: the latency budget in milliseconds, finite and > 0");
        if (!(double.IsFinite(budgets.LatencyMs) && budgets.LatencyMs > 0))
            throw FleetException.Invalid($"budgets.latency_ms is {budgets.LatencyMs}; allowed: finite and > 0 (milliseconds)");
        if (!budgets.HasEnergyMj) return new OptimizationBudgets(budgets.LatencyMs);
        if (!(double.IsFinite(budgets.EnergyMj) && budgets.EnergyMj > 0))
            throw FleetException.Invalid($"budgets.energy_mj is {budgets.EnergyMj}; allowed: finite and > 0 (millijoules per inference, total), or unset for none");
        return new OptimizationBudgets(budgets.LatencyMs, budgets.EnergyMj);
    }

    private static ObjectiveWeights ReadObjective(Wire.Objective? objective)
    {
        if (objective is null) return ObjectiveWeights.AccuracyOnly;
        Check(objective.AccuracyWeight, "objective.accuracy_weight");
        Check(objective.LatencyWeight, "objective.latency_weight");
        Check(objective.EnergyWeight, "objective.energy_weight");
        if (objective.AccuracyWeight == 0 && objective.LatencyWeight == 0 && objective.EnergyWeight == 0) return ObjectiveWeights.AccuracyOnly;
        return new ObjectiveWeights(objective.AccuracyWeight, objective.LatencyWeight, objective.EnergyWeight);
    }

    private static void Check(double weight, string field)
    {
        if (!(double.IsFinite(weight) && weight >= 0))
            throw FleetException.Invalid($"{field} is {weight}; allowed: finite and >= 0");
    }

    private static Precision[] ReadPrecisions(IReadOnlyList<Wire.Precision> precisions)
    {
        if (precisions.Count == 0) return [Precision.Fp32];
        var result = new List<Precision>();
        for (var i = 0; i < precisions.Count; i++)
        {
            var p = DesignMapping.ToCore(precisions[i])
                    ?? throw FleetException.Invalid($"allowed_precisions[{i}] is unspecified or unknown ({(int)precisions[i]}); allowed: fp32, fp16, int8");
            if (result.Contains(p))
                throw FleetException.Invalid($"allowed_precisions[{i}] repeats {p.ToName()}; give each of fp32, fp16, int8 at most once");
            result.Add(p);
        }
        return result.ToArray();
    }

    private static string? ReadMethod(string? method)
    {
        if (string.IsNullOrWhiteSpace(method)) return null;
        try
        {
            return OptimizerMethods.Canonical(method);
        }
        catch (ArgumentException)
        {
            throw FleetException.Invalid($"method '{method}' is unknown; allowed: {string.Join(", ", OptimizerMethods.Names)} (empty = the best for the space)");
        }
    }
}
