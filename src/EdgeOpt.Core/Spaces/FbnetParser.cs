namespace EdgeOpt.Core.Spaces;

/// <summary>
/// Reads and writes FBNet strings: 22 block names separated by single spaces. Errors name the layer (1..22),
/// the 0-based character offset in the given text, and the allowed values.
/// </summary>
internal static class FbnetParser
{
    public static string Format(IReadOnlyList<int> choices) =>
        string.Join(' ', choices.Select(c => FbnetBlock.Names[c]));

    public static bool TryParse(string? text, out int[]? choices, out string? error)
    {
        choices = null;
        error = Parse(text, out var parsed);
        if (error is not null)
        {
            error = $"invalid FBNet architecture '{text}': {error}";
            return false;
        }
        choices = parsed;
        return true;
    }

    private static string? Parse(string? text, out int[] choices)
    {
        choices = new int[FbnetSpace.LayerCount];
        string expected = $"{FbnetSpace.LayerCount} block names separated by single spaces";
        if (string.IsNullOrWhiteSpace(text)) return $"the text is empty; expected {expected}";

        int start = 0, end = text.Length;
        while (char.IsWhiteSpace(text[start])) start++;
        while (char.IsWhiteSpace(text[end - 1])) end--;

        var parsed = new List<int>(FbnetSpace.LayerCount);
        int tokenStart = start;
        for (int i = start; i <= end; i++)
        {
            if (i < end && text[i] != ' ') continue;
            int layer = parsed.Count + 1;
            string name = text[tokenStart..i];
            if (name.Length == 0)
                return $"layer {layer} at offset {tokenStart} is empty: blocks are separated by single spaces; expected {expected}";
            int index = FbnetBlock.IndexOf(name);
            if (index < 0)
                return $"unknown block '{name}' for layer {layer} at offset {tokenStart}; allowed: {string.Join(", ", FbnetBlock.Names)}";
            parsed.Add(index);
            tokenStart = i + 1;
        }

        if (parsed.Count != FbnetSpace.LayerCount)
            return $"found {parsed.Count} layer(s), expected {expected}";
        choices = parsed.ToArray();
        return null;
    }
}
