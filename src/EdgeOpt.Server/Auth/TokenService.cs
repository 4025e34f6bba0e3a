using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Storage;

namespace EdgeOpt.Server.Auth;

/// <summary>A freshly issued token: its record and the secret, which is shown once and never stored.</summary>
public sealed record IssuedToken(TokenRecord Record, string Secret);

/// <summary>Issues, revokes and checks API tokens. Only SHA-256 hashes of the secrets are stored.</summary>
public sealed class TokenService(IFleetStore store, TimeProvider time, ILogger<TokenService> logger)
{
    public const int MaxLabelLength = 200;

    /// <summary>The token with this secret (active or revoked), or null when unknown.</summary>
    public TokenRecord? Authenticate(string secret) =>
        string.IsNullOrEmpty(secret) ? null : store.Tokens.FindByHash(TokenSecrets.Hash(secret));

    /// <summary>
    /// Issues a token. Agent tokens need an existing, active device; other roles take no device.
    /// </summary>
    public IssuedToken Issue(Role role, string? deviceId, string? label)
    {
        if (!Enum.IsDefined(role))
            throw FleetException.Invalid("role is required; allowed: ROLE_OPERATOR, ROLE_AGENT, ROLE_DEVELOPER");
        label = (label ?? "").Trim();
        if (label.Length > MaxLabelLength)
            throw FleetException.Invalid($"label has {label.Length} characters; at most {MaxLabelLength}");
        deviceId = (deviceId ?? "").Trim();

        return store.Atomically(() =>
        {
            if (role == Role.Agent)
            {
                if (deviceId.Length == 0) throw FleetException.Invalid("device_id is required for ROLE_AGENT tokens");
                var device = store.Devices.Find(deviceId) ?? throw FleetException.NotFound($"device_id: device '{deviceId}' not found");
                if (device.State == DeviceState.Retired)
                    throw FleetException.Precondition($"device '{deviceId}' is retired; agent tokens are only issued for active devices");
            }
            else if (deviceId.Length > 0)
            {
                throw FleetException.Invalid($"device_id is only allowed for ROLE_AGENT tokens (role is {role.ToString().ToUpperInvariant()})");
            }

            var issued = Create(role, deviceId, label, TokenSecrets.NewSecret());
            logger.LogInformation("Issued {Role} token {TokenId} for device {DeviceId} ({Label})",
                role, issued.Record.Id, deviceId, label);
            return issued;
        });
    }

    /// <summary>
    /// Revokes a token; false when it was revoked already. The last active operator token cannot be revoked
    /// (nobody could manage the fleet afterwards).
    /// </summary>
    public bool Revoke(string tokenId)
    {
        if (string.IsNullOrWhiteSpace(tokenId)) throw FleetException.Invalid("token_id is required");
        return store.Atomically(() =>
        {
            var token = store.Tokens.Find(tokenId.Trim()) ?? throw FleetException.NotFound($"token_id: token '{tokenId}' not found");
            if (token.RevokedUnixMs is not null) return false;
            if (token.Role == Role.Operator && store.Tokens.CountActive(Role.Operator) <= 1)
                throw FleetException.Precondition(
                    $"token '{token.Id}' is the last active operator token; issue another operator token before revoking it");
            store.Tokens.Update(token with { RevokedUnixMs = Now() });
            logger.LogInformation("Revoked {Role} token {TokenId}", token.Role, token.Id);
            return true;
        });
    }

    /// <summary>Revokes every active agent token of a device (when it is retired); returns how many.</summary>
    public int RevokeDeviceTokens(string deviceId) => store.Atomically(() =>
    {
        int revoked = 0;
        foreach (var token in store.Tokens.ForDevice(deviceId).Where(t => t.RevokedUnixMs is null))
        {
            store.Tokens.Update(token with { RevokedUnixMs = Now() });
            revoked++;
        }
        return revoked;
    });

    /// <summary>Makes sure a configured operator secret is accepted; a revoked one stays revoked.</summary>
    public void EnsureConfiguredOperatorToken(string secret) => store.Atomically(() =>
    {
        var existing = store.Tokens.FindByHash(TokenSecrets.Hash(secret));
        if (existing is null)
        {
            var created = Create(Role.Operator, "", "configured (EdgeOpt:Server:OperatorToken)", secret);
            logger.LogInformation("Accepted the configured operator token as {TokenId}", created.Record.Id);
        }
        else if (existing.RevokedUnixMs is not null)
        {
            logger.LogWarning("The configured operator token {TokenId} was revoked and stays revoked", existing.Id);
        }
        else if (existing.Role != Role.Operator)
        {
            throw new InvalidOperationException(
                $"the configured operator token is already stored as token '{existing.Id}' with role {existing.Role}");
        }
    });

    /// <summary>A new operator token when the store holds no active one; null otherwise.</summary>
    public IssuedToken? CreateBootstrapOperatorTokenIfNone() => store.Atomically(() =>
        store.Tokens.CountActive(Role.Operator) > 0 ? null : Create(Role.Operator, "", "bootstrap", TokenSecrets.NewSecret()));

    private IssuedToken Create(Role role, string deviceId, string label, string secret)
    {
        var record = new TokenRecord
        {
            Id = Ids.New("tok"),
            Hash = TokenSecrets.Hash(secret),
            Role = role,
            DeviceId = deviceId,
            Label = label,
            CreatedUnixMs = Now(),
        };
        store.Tokens.Insert(record);
        return new IssuedToken(record, secret);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
