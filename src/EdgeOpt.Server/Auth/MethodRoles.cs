using System.Collections.Frozen;
using EdgeOpt.Server.Domain;
using ProtoServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Auth;

/// <summary>
/// Which roles may call each gRPC method (full method name "/package.Service/Method"). Health and reflection
/// are open; any method not in the table is refused, so a new RPC stays closed until it is given roles here.
/// </summary>
public static class MethodRoles
{
    private static readonly Role[] Operator = [Role.Operator];
    private static readonly Role[] Agent = [Role.Agent];
    private static readonly Role[] Readers = [Role.Operator, Role.Developer];

    /// <summary>Services open to everyone (no token): gRPC health checks and server reflection.</summary>
    public static IReadOnlyList<string> AnonymousServicePrefixes { get; } =
        ["/grpc.health.v1.Health/", "/grpc.reflection.v1alpha.ServerReflection/", "/grpc.reflection.v1.ServerReflection/"];

    public static FrozenDictionary<string, Role[]> Table { get; } = new Dictionary<string, Role[]>
    {
        [Name(Wire.Fleet.Descriptor, "RegisterDevice")] = Operator,
        [Name(Wire.Fleet.Descriptor, "ListDevices")] = Readers,
        [Name(Wire.Fleet.Descriptor, "GetDevice")] = Readers,
        [Name(Wire.Fleet.Descriptor, "RetireDevice")] = Operator,
        [Name(Wire.Fleet.Descriptor, "ListMeasurements")] = Operator,
        [Name(Wire.Fleet.Descriptor, "ListJobs")] = Operator,
        [Name(Wire.Fleet.Descriptor, "IssueToken")] = Operator,
        [Name(Wire.Fleet.Descriptor, "RevokeToken")] = Operator,

        [Name(Wire.Agent.Descriptor, "Enroll")] = Agent,
        [Name(Wire.Agent.Descriptor, "TakeJobs")] = Agent,
        [Name(Wire.Agent.Descriptor, "ReportMeasurements")] = Agent,
        [Name(Wire.Agent.Descriptor, "ReportJobFailure")] = Agent,
        [Name(Wire.Agent.Descriptor, "Heartbeat")] = Agent,

        [Name(Wire.Predictor.Descriptor, "Predict")] = Readers,
        [Name(Wire.Predictor.Descriptor, "Train")] = Operator,
        [Name(Wire.Predictor.Descriptor, "GetModelCard")] = Readers,
        [Name(Wire.Predictor.Descriptor, "ReportAccuracy")] = Readers,

        [Name(Wire.Optimizer.Descriptor, "Optimize")] = Readers,
        [Name(Wire.Optimizer.Descriptor, "OptimizeStream")] = Readers,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsAnonymous(string method) =>
        AnonymousServicePrefixes.Any(p => method.StartsWith(p, StringComparison.Ordinal));

    /// <summary>"/edgeopt.v1.Fleet/RegisterDevice"; throws when the service has no such method (a renamed RPC).</summary>
    private static string Name(ProtoServiceDescriptor service, string method) =>
        service.FindMethodByName(method) is not null
            ? $"/{service.FullName}/{method}"
            : throw new InvalidOperationException($"service {service.FullName} has no method {method}");
}
