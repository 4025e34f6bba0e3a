using EdgeOpt.Server.Auth;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Fleet;
using EdgeOpt.Server.Services.Mapping;
using EdgeOpt.Server.Storage;
using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services;

/// <summary>Fleet RPCs: thin; checks and rules live in the domain services, errors are mapped by the interceptor.</summary>
public sealed class FleetService(
    DeviceRegistry devices,
    TokenService tokens,
    IFleetStore store,
    ILogger<FleetService> logger) : Wire.Fleet.FleetBase
{
    public override Task<Wire.RegisterDeviceResponse> RegisterDevice(Wire.RegisterDeviceRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        var profile = DeviceMapping.ToDomain(request.Description, "description");
        var registered = devices.Register(request.Name, profile, request.Spaces);
        return Task.FromResult(new Wire.RegisterDeviceResponse
        {
            Device = DeviceMapping.ToProto(registered.Device),
            AgentToken = registered.AgentToken.Secret,
        });
    }

    public override Task<Wire.ListDevicesResponse> ListDevices(Wire.ListDevicesRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        var response = new Wire.ListDevicesResponse();
        response.Devices.Add(devices.List(request.IncludeRetired).Select(d => DeviceMapping.ToProto(d, store.Predictors.DeviceModels(d.Id))));
        return Task.FromResult(response);
    }

    public override Task<Wire.Device> GetDevice(Wire.GetDeviceRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        var device = devices.Get(request.DeviceId);
        return Task.FromResult(DeviceMapping.ToProto(device, store.Predictors.DeviceModels(device.Id)));
    }

    public override Task<Wire.Device> RetireDevice(Wire.RetireDeviceRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        if (request.Reason.Length > 1000) throw FleetException.Invalid($"reason has {request.Reason.Length} characters; at most 1000");
        return Task.FromResult(DeviceMapping.ToProto(devices.Retire(request.DeviceId, request.Reason)));
    }

    public override async Task ListMeasurements(
        Wire.ListMeasurementsRequest request, IServerStreamWriter<Wire.Measurement> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        string? deviceId = null;
        if (!string.IsNullOrWhiteSpace(request.DeviceId)) deviceId = devices.Get(request.DeviceId).Id;
        string? space = string.IsNullOrWhiteSpace(request.Space) ? null : DesignRules.RequireSpace(request.Space, "space").Id;
        int sent = 0;
        foreach (var measurement in store.Measurements.List(deviceId, space))
        {
            ct.ThrowIfCancellationRequested();
            await responseStream.WriteAsync(MeasurementMapping.ToProto(measurement), ct);
            sent++;
        }
        logger.LogInformation("Streamed {Count} measurements (device {DeviceId}, space {Space})", sent, deviceId ?? "*", space ?? "*");
    }

    public override Task<Wire.ListJobsResponse> ListJobs(Wire.ListJobsRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        string? deviceId = null;
        if (!string.IsNullOrWhiteSpace(request.DeviceId)) deviceId = devices.Get(request.DeviceId).Id;
        var state = JobMapping.ToDomainFilter(request.State, "state");
        var response = new Wire.ListJobsResponse();
        // Listing omits ONNX payloads: they can be large and are only needed by the agent that runs the job.
        response.Jobs.Add(store.Jobs.List(deviceId, state).Select(j => JobMapping.ToProto(j with { OnnxModel = null })));
        return Task.FromResult(response);
    }

    public override Task<Wire.IssueTokenResponse> IssueToken(Wire.IssueTokenRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        var role = TokenMapping.ToDomain(request.Role, "role");
        var issued = tokens.Issue(role, request.DeviceId, request.Label);
        logger.LogInformation("Token {TokenId} issued by {CallerTokenId}", issued.Record.Id, context.GetCaller().TokenId);
        return Task.FromResult(new Wire.IssueTokenResponse { TokenId = issued.Record.Id, Token = issued.Secret });
    }

    public override Task<Wire.RevokeTokenResponse> RevokeToken(Wire.RevokeTokenRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        bool revoked = tokens.Revoke(request.TokenId);
        return Task.FromResult(new Wire.RevokeTokenResponse { Revoked = revoked });
    }
}
