namespace EdgeOpt.Core.Spaces;

/// <summary>
/// One member of a search space: the index of the option chosen at each decision
/// (NAS-Bench-201: 6 cell edges; FBNet: 22 layers). Value equality over the choices.
/// </summary>
public sealed class Architecture : IEquatable<Architecture>
{
    private readonly int[] _choices;
    private readonly int _hash;

    public Architecture(string spaceId, IReadOnlyList<int> choices)
    {
        ArgumentException.ThrowIfNullOrEmpty(spaceId);
        ArgumentNullException.ThrowIfNull(choices);
        SpaceId = spaceId;
        _choices = choices.ToArray();
        // Immutable, and hashed on every dictionary or set lookup (cost caches, candidate sets): hash once.
        var hash = new HashCode();
        hash.Add(SpaceId);
        foreach (var c in _choices) hash.Add(c);
        _hash = hash.ToHashCode();
    }

    public string SpaceId { get; }

    public IReadOnlyList<int> Choices => _choices;

    public bool Equals(Architecture? other) =>
        other is not null && (ReferenceEquals(this, other)
                              || (_hash == other._hash && SpaceId == other.SpaceId && _choices.AsSpan().SequenceEqual(other._choices)));

    public override bool Equals(object? obj) => Equals(obj as Architecture);

    public override int GetHashCode() => _hash;

    public override string ToString() => $"{SpaceId}:[{string.Join(',', _choices)}]";
}
