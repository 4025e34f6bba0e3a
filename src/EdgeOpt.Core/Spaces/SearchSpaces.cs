using System.Diagnostics.CodeAnalysis;

namespace EdgeOpt.Core.Spaces;

/// <summary>The known search spaces, by id (case-insensitive).</summary>
public static class SearchSpaces
{
    public static Nb201Space Nb201 { get; } = new();

    public static FbnetSpace Fbnet { get; } = new();

    public static ConvnetSpace Convnet { get; } = new();

    public static IReadOnlyList<ISearchSpace> All { get; } = [Nb201, Fbnet, Convnet];

    /// <summary>The ids in <see cref="All"/> order: nb201, fbnet, convnet.</summary>
    public static IReadOnlyList<string> Ids { get; } = All.Select(s => s.Id).ToArray();

    /// <summary>The space with this id; <see cref="ArgumentException"/> names the allowed ids otherwise.</summary>
    public static ISearchSpace Get(string id) =>
        TryGet(id, out var space)
            ? space
            : throw new ArgumentException($"unknown search space '{id}'; allowed: {string.Join(", ", Ids)}", nameof(id));

    public static bool TryGet(string? id, [NotNullWhen(true)] out ISearchSpace? space)
    {
        string key = id?.Trim() ?? "";
        space = All.FirstOrDefault(s => string.Equals(s.Id, key, StringComparison.OrdinalIgnoreCase));
        return space is not null;
    }
}
