using System.Globalization;

namespace EdgeOpt.Core.Spaces;

/// <summary>
/// Reads and writes NAS-Bench-201 cell strings <c>|op~0|+|op~0|op~1|+|op~0|op~1|op~2|</c>.
/// Errors name the 0-based character offset in the given text, the node and edge, and the allowed values.
/// </summary>
internal static class Nb201Parser
{
    private const int ComputedNodes = 3;
    private const string Shape = "|op~0|+|op~0|op~1|+|op~0|op~1|op~2|";

    public static string Format(IReadOnlyList<int> choices)
    {
        var parts = new List<string>(ComputedNodes);
        for (int node = 1; node <= ComputedNodes; node++)
        {
            var edges = Enumerable.Range(0, node)
                .Select(from => $"{Nb201Space.OperationNames[choices[DecisionOf(node, from)]]}~{from}");
            parts.Add("|" + string.Join('|', edges) + "|");
        }
        return string.Join('+', parts);
    }

    public static int DecisionOf(int to, int from) => to * (to - 1) / 2 + from;

    public static bool TryParse(string? text, out int[]? choices, out string? error)
    {
        choices = null;
        error = Parse(text, out var parsed);
        if (error is not null)
        {
            error = $"invalid NAS-Bench-201 cell '{text}': {error}";
            return false;
        }
        choices = parsed;
        return true;
    }

    /// <summary>Returns null on success, else the reason without the leading quote of the text.</summary>
    private static string? Parse(string? text, out int[] choices)
    {
        choices = new int[Nb201Space.Edges.Count];
        if (string.IsNullOrWhiteSpace(text)) return $"the text is empty; expected {Shape}";

        int start = 0, end = text.Length;
        while (char.IsWhiteSpace(text[start])) start++;
        while (char.IsWhiteSpace(text[end - 1])) end--;

        var nodes = Split(text, start, end, '+');
        if (nodes.Count != ComputedNodes)
        {
            string where = nodes.Count > ComputedNodes
                ? $"; the extra '+' is at offset {nodes[ComputedNodes].Start - 1}"
                : $"; node {nodes.Count + 1} is missing at offset {end}";
            return $"found {nodes.Count} node(s) separated by '+', expected {ComputedNodes} (nodes 1, 2, 3){where}; shape {Shape}";
        }

        for (int n = 0; n < ComputedNodes; n++)
        {
            int node = n + 1;
            var (nStart, nEnd) = nodes[n];
            if (nEnd == nStart)
                return $"node {node} at offset {nStart} is empty (expected {NodeShape(node)})";
            if (text[nStart] != '|')
                return $"node {node} at offset {nStart} must start with '|', found '{text[nStart]}' (expected {NodeShape(node)})";
            if (nEnd - nStart < 2 || text[nEnd - 1] != '|')
                return $"node {node} starting at offset {nStart} is missing its closing '|' at offset {nEnd} (expected {NodeShape(node)})";

            var edges = Split(text, nStart + 1, nEnd - 1, '|');
            if (edges.Count != node)
                return $"node {node} at offset {nStart} has {edges.Count} edge(s), expected {node} " +
                       $"(from nodes {string.Join(", ", Enumerable.Range(0, node))}): {NodeShape(node)}";

            for (int from = 0; from < node; from++)
            {
                var edgeError = ParseEdge(text, edges[from], node, from, out int op);
                if (edgeError is not null) return edgeError;
                choices[DecisionOf(node, from)] = op;
            }
        }
        return null;
    }

    private static string? ParseEdge(string text, (int Start, int End) span, int node, int from, out int op)
    {
        op = -1;
        string token = text[span.Start..span.End];
        string edge = $"node {node}, edge {node}<-{from}";
        int tilde = token.IndexOf('~');
        if (tilde < 0)
            return $"edge '{token}' at offset {span.Start} ({edge}) must be op~{from}, " +
                   $"op one of {string.Join(", ", Nb201Space.OperationNames)}";

        string name = token[..tilde];
        op = IndexOfName(name);
        if (op < 0)
            return $"unknown operation '{name}' at offset {span.Start} ({edge}); allowed: {string.Join(", ", Nb201Space.OperationNames)}";

        string source = token[(tilde + 1)..];
        int sourceOffset = span.Start + tilde + 1;
        if (source != from.ToString(CultureInfo.InvariantCulture))
            return $"wrong edge source index '{source}' at offset {sourceOffset} ({edge}): node {node} lists its " +
                   $"edges from nodes {string.Join(", ", Enumerable.Range(0, node))} in order, so this edge must end in ~{from}";
        return null;
    }

    private static int IndexOfName(string name)
    {
        for (int i = 0; i < Nb201Space.OperationNames.Count; i++)
            if (Nb201Space.OperationNames[i] == name) return i;
        return -1;
    }

    private static string NodeShape(int node) =>
        "|" + string.Join('|', Enumerable.Range(0, node).Select(j => $"op~{j}")) + "|";

    private static List<(int Start, int End)> Split(string text, int start, int end, char separator)
    {
        var spans = new List<(int, int)>();
        int from = start;
        for (int i = start; i < end; i++)
        {
            if (text[i] != separator) continue;
            spans.Add((from, i));
            from = i + 1;
        }
        spans.Add((from, end));
        return spans;
    }
}
