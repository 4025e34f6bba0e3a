using EdgeOpt.Server.Domain;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services.Mapping;

public static class TokenMapping
{
    public static Role ToDomain(Wire.Role role, string field) => role switch
    {
        Wire.Role.Operator => Role.Operator,
        Wire.Role.Agent => Role.Agent,
        Wire.Role.Developer => Role.Developer,
        _ => throw FleetException.Invalid($"{field} is {(role == Wire.Role.Unspecified ? "ROLE_UNSPECIFIED" : ((int)role).ToString())}; allowed: ROLE_OPERATOR, ROLE_AGENT, ROLE_DEVELOPER"),
    };
}
