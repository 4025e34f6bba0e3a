namespace EdgeOpt.Core.Spaces;

/// <summary>
/// NAS-Bench-201's index order: the product order of the six edge choices (a base-5 number, edge 1&lt;-0 most
/// significant) shuffled as CPython does with <c>random.seed(88); random.shuffle(list)</c>.
/// Computed once on first use; safe to read from any thread.
/// </summary>
internal static class Nb201OfficialOrder
{
    public const int Seed = 88;
    public const int Count = 15_625;

    private static readonly Lazy<Tables> Lazy = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Product code (base-5 number of the choices) at each official index.</summary>
    public static int ProductCodeAt(int officialIndex) => Lazy.Value.ProductByOfficial[officialIndex];

    /// <summary>Official index of a product code.</summary>
    public static int OfficialIndexOf(int productCode) => Lazy.Value.OfficialByProduct[productCode];

    public static int ProductCodeOf(IReadOnlyList<int> choices)
    {
        int code = 0;
        foreach (int c in choices) code = code * Nb201Space.OperationNames.Count + c;
        return code;
    }

    public static int[] ChoicesOf(int productCode)
    {
        int options = Nb201Space.OperationNames.Count;
        var choices = new int[Nb201Space.Edges.Count];
        for (int d = choices.Length - 1; d >= 0; d--)
        {
            choices[d] = productCode % options;
            productCode /= options;
        }
        return choices;
    }

    private static Tables Build()
    {
        var productByOfficial = Enumerable.Range(0, Count).ToArray();
        new PythonRandom(Seed).Shuffle(productByOfficial);
        var officialByProduct = new int[Count];
        for (int i = 0; i < Count; i++) officialByProduct[productByOfficial[i]] = i;
        return new Tables(productByOfficial, officialByProduct);
    }

    private sealed record Tables(int[] ProductByOfficial, int[] OfficialByProduct);
}
