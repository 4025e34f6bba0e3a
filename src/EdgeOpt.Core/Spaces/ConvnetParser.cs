using System.Globalization;

namespace EdgeOpt.Core.Spaces;

/// <summary>
/// Reads and writes convnet names exactly as iCAS-Lab/NAS-Performance-Modeling writes them:
/// <c>convnet_L{L}_F{F}_K{K}x{K}_W{W}</c> (plain), the same with a <c>_DWS</c> suffix (depthwise-separable), and
/// <c>convnet_L{L}_F{F}_K{k1}x{k1}_{n1}_K{k2}x{k2}_{n2}_W{W}</c> (mixed kernel, n1 = ceil(L/2), n2 = floor(L/2)).
/// Fields are separated by '_'; errors name the field, its position (1-based) and 0-based character offset in the
/// given text, and the allowed values.
/// </summary>
internal static class ConvnetParser
{
    private const string Expected =
        "convnet_L{layers}_F{filters}_K{k}x{k}_W{width}, the same ending in _DWS, " +
        "or convnet_L{layers}_F{filters}_K{k1}x{k1}_{n1}_K{k2}x{k2}_{n2}_W{width}";

    public static string Format(ConvnetConfig config)
    {
        var prefix = $"convnet_L{config.Layers}_F{config.Filters}_K{config.Kernel}x{config.Kernel}";
        return config.Variant switch
        {
            ConvnetVariant.Plain => $"{prefix}_W{config.InputWidth}",
            ConvnetVariant.DepthwiseSeparable => $"{prefix}_W{config.InputWidth}_DWS",
            _ => $"{prefix}_{config.FirstKernelLayers}_K{config.SecondKernel}x{config.SecondKernel}_" +
                 $"{config.SecondKernelLayers}_W{config.InputWidth}",
        };
    }

    public static bool TryParse(string? text, out ConvnetConfig? config, out string? error)
    {
        config = null;
        error = Parse(text, out var parsed);
        if (error is not null)
        {
            error = $"invalid convnet architecture '{text}': {error}";
            return false;
        }
        config = parsed;
        return true;
    }

    private readonly record struct Token(string Text, int Position, int Offset)
    {
        public string Where => $"field {Position} '{Text}' at offset {Offset}";
    }

    private static string? Parse(string? text, out ConvnetConfig? config)
    {
        config = null;
        if (string.IsNullOrWhiteSpace(text)) return $"the text is empty; expected {Expected}";
        var tokens = Tokenize(text);
        if (tokens.Count < 5) return $"found {tokens.Count} field(s) separated by '_'; expected {Expected}";

        if (tokens[0].Text != "convnet")
            return $"{tokens[0].Where} should be 'convnet'; expected {Expected}";
        if (Number(tokens[1], 'L', "layers", ConvnetGrid.LayerCounts, out var layers) is { } e1) return e1;
        if (Number(tokens[2], 'F', "filters", ConvnetGrid.FilterCounts, out var filters) is { } e2) return e2;
        if (Kernel(tokens[3], ConvnetGrid.Kernels, out var kernel) is { } e3) return e3;

        ConvnetVariant variant;
        int? second = null;
        int widthAt;
        if (tokens[4].Text.StartsWith('W'))
        {
            widthAt = 4;
            var rest = tokens.Count - 5;
            if (rest == 0) variant = ConvnetVariant.Plain;
            else if (rest == 1 && tokens[5].Text == "DWS") variant = ConvnetVariant.DepthwiseSeparable;
            else if (rest == 1)
                return $"{tokens[5].Where} should be 'DWS' (the depthwise-separable suffix) or nothing; expected {Expected}";
            else return $"found {tokens.Count} fields; after the width only '_DWS' may follow; expected {Expected}";
        }
        else
        {
            variant = ConvnetVariant.MixedKernel;
            if (tokens.Count < 8)
                return $"{tokens[4].Where} starts a mixed-kernel name, which has 8 fields; found {tokens.Count}; expected {Expected}";
            if (tokens.Count > 8)
                return tokens[8].Text == "DWS"
                    ? $"{tokens[8].Where}: the mixed-kernel variant has no depthwise-separable form"
                    : $"found {tokens.Count} fields; a mixed-kernel name has 8; expected {Expected}";
            if (Count(tokens[4], "first kernel's layer count", out var n1) is { } e4) return e4;
            var secondKernels = ConvnetGrid.Kernels.Where(k => k > 1).ToArray();
            if (Kernel(tokens[5], secondKernels, out var k2) is { } e5) return e5;
            if (Count(tokens[6], "second kernel's layer count", out var n2) is { } e6) return e6;
            second = k2;
            widthAt = 7;
            if (n1 + n2 != layers)
                return $"{tokens[4].Where} and {tokens[6].Where}: the kernel layer counts {n1} + {n2} do not add up to L{layers}";
            var (want1, want2) = ((layers + 1) / 2, layers / 2);
            if (n1 != want1 || n2 != want2)
                return $"{tokens[4].Where} and {tokens[6].Where}: the generator alternates the kernels layer by layer, " +
                       $"starting with K{kernel}x{kernel}, so L{layers} has {want1} layer(s) of K{kernel}x{kernel} and " +
                       $"{want2} of K{k2}x{k2}; expected ..._K{kernel}x{kernel}_{want1}_K{k2}x{k2}_{want2}_...";
        }
        if (Number(tokens[widthAt], 'W', "input width", ConvnetGrid.InputWidths, out var width) is { } e7) return e7;

        var candidate = new ConvnetConfig(variant, layers, filters, kernel, second, width);
        if (ConvnetGrid.Problem(candidate) is { } problem) return problem;
        config = candidate;
        return null;
    }

    private static List<Token> Tokenize(string text)
    {
        int start = 0, end = text.Length;
        while (char.IsWhiteSpace(text[start])) start++;
        while (char.IsWhiteSpace(text[end - 1])) end--;
        var tokens = new List<Token>();
        var tokenStart = start;
        for (var i = start; i <= end; i++)
        {
            if (i < end && text[i] != '_') continue;
            tokens.Add(new Token(text[tokenStart..i], tokens.Count + 1, tokenStart));
            tokenStart = i + 1;
        }
        return tokens;
    }

    private static string? Number(Token token, char prefix, string field, IReadOnlyList<int> allowed, out int value)
    {
        value = 0;
        var allowedText = $"{prefix}{string.Join($", {prefix}", allowed)}";
        if (token.Text.Length < 2 || token.Text[0] != prefix)
            return $"{token.Where} should be the {field}, '{prefix}' followed by a number; allowed: {allowedText}";
        if (!TryInteger(token.Text.AsSpan(1), out value))
            return $"{token.Where}: the {field} after '{prefix}' is not a whole number written without sign or leading zeros; allowed: {allowedText}";
        if (!allowed.Contains(value))
            return $"{token.Where}: {field} {value} is not allowed; allowed: {allowedText}";
        return null;
    }

    private static string? Kernel(Token token, IReadOnlyList<int> allowed, out int kernel)
    {
        kernel = 0;
        var allowedText = string.Join(", ", allowed.Select(k => $"K{k}x{k}"));
        var text = token.Text;
        var x = text.IndexOf('x');
        if (text.Length < 4 || text[0] != 'K' || x < 2)
            return $"{token.Where} should be a kernel 'K{{k}}x{{k}}'; allowed: {allowedText}";
        if (!TryInteger(text.AsSpan(1, x - 1), out var height) || !TryInteger(text.AsSpan(x + 1), out var width))
            return $"{token.Where}: the kernel sides are not whole numbers; allowed: {allowedText}";
        if (height != width)
            return $"{token.Where}: the kernel {height}x{width} is not square; allowed: {allowedText}";
        if (!allowed.Contains(height))
            return $"{token.Where}: kernel {height}x{width} is not allowed here; allowed: {allowedText}";
        kernel = height;
        return null;
    }

    private static string? Count(Token token, string field, out int count) =>
        TryInteger(token.Text, out count) && count >= 1
            ? null
            : $"{token.Where} should be the {field}, a whole number of at least 1";

    private static bool TryInteger(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 6 || (text[0] == '0' && text.Length > 1)) return false;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
