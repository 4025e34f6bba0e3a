using EdgeOpt.Server.Domain;
using LiteDB;

namespace EdgeOpt.Server.Storage.LiteDb;

internal sealed class LiteDbTokenStore : ITokenStore
{
    private readonly LiteDbFleetStore _store;
    private readonly ILiteCollection<TokenRecord> _tokens;

    public LiteDbTokenStore(LiteDbFleetStore store, ILiteCollection<TokenRecord> tokens)
    {
        _store = store;
        _tokens = tokens;
        _tokens.EnsureIndex(t => t.Hash, unique: true);
        _tokens.EnsureIndex(t => t.DeviceId);
    }

    public TokenRecord? Find(string id) => _tokens.FindById(id);

    public TokenRecord? FindByHash(string hash) => _tokens.FindOne(t => t.Hash == hash);

    public IReadOnlyList<TokenRecord> ForDevice(string deviceId) => _tokens.Find(t => t.DeviceId == deviceId).ToList();

    public int CountActive(Role role) => _tokens.Find(t => t.Role == role).Count(t => t.RevokedUnixMs is null);

    public void Insert(TokenRecord token) => _store.Atomically(() => _tokens.Insert(token));

    public void Update(TokenRecord token) => _store.Atomically(() =>
    {
        if (!_tokens.Update(token)) throw new InvalidOperationException($"token '{token.Id}' vanished from the store during an update");
    });
}
