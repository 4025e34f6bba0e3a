namespace EdgeOpt.Core.Spaces;

/// <summary>A NAS-Bench-201 cell edge: node <paramref name="To"/> takes the output of node <paramref name="From"/>.</summary>
public readonly record struct Nb201Edge(int To, int From)
{
    public override string ToString() => $"{To}<-{From}";
}
