using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// The hyperparameter-free kernel parts (see <see cref="KernelParts"/>) between a <see cref="PointBlock"/> and each
/// measured point of an <see cref="ObservedKernel"/>, one row of the block's width per measured point, and each
/// block point's parts with itself: computed once per block, shared by every hyperparameter setting of a mixture.
/// Scratch space like the block.
/// </summary>
internal sealed class BlockParts
{
    public BlockParts(int observed, int capacity)
    {
        Observed = observed;
        Capacity = capacity;
        Head = new double[observed * capacity];
        Shared = new double[observed * capacity];
        Counts = new double[observed * capacity];
        SelfHead = new double[capacity];
        SelfCounts = new double[capacity];
    }

    public int Observed { get; }

    public int Capacity { get; }

    /// <summary>Row j: <see cref="KernelParts.Head"/> with measured point j.</summary>
    public double[] Head { get; }

    /// <summary>Row j: <see cref="KernelParts.Shared"/> with measured point j.</summary>
    public double[] Shared { get; }

    /// <summary>Row j: <see cref="KernelParts.Counts"/> with measured point j.</summary>
    public double[] Counts { get; }

    /// <summary><see cref="KernelParts.Head"/> of each block point with itself (its <see cref="KernelParts.Shared"/> is 1).</summary>
    public double[] SelfHead { get; }

    /// <summary><see cref="KernelParts.Counts"/> of each block point with itself.</summary>
    public double[] SelfCounts { get; }

    /// <summary>Computes the parts of <paramref name="block"/> (of this capacity) with <paramref name="observed"/>'s points.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Compute(PointBlock block, ObservedKernel observed)
    {
        if (block.Capacity != Capacity || observed.Count != Observed)
            throw new ArgumentException($"parts for {Observed} points of width {Capacity}, given {observed.Count} and {block.Capacity}");
        var width = Vector<double>.Count;
        var end = block.PaddedCount;
        var capacity = Capacity;
        ref var factor = ref MemoryMarshal.GetArrayDataReference(block.Factor);
        ref var active = ref MemoryMarshal.GetArrayDataReference(block.Active);
        ref var counts = ref MemoryMarshal.GetArrayDataReference(block.Counts);
        var positions = new Vector<double>(block.ActiveLength);
        for (var j = 0; j < Observed; j++)
        {
            var point = observed.Points[j];
            if (point.Factor.Length != block.FactorLength || point.Active.Length != block.ActiveLength || point.Counts.Length != block.CountsLength)
                throw new ArgumentException($"measured point {j} is not of the block's shape");
            ref var head = ref MemoryMarshal.GetArrayDataReference(Head);
            ref var shared = ref MemoryMarshal.GetArrayDataReference(Shared);
            ref var countParts = ref MemoryMarshal.GetArrayDataReference(Counts);
            var row = (nuint)(j * capacity);
            for (var b = 0; b < end; b += width)
            {
                Vector.StoreUnsafe(Dot(ref factor, point.Factor, capacity, b), ref head, row + (nuint)b);
                Vector.StoreUnsafe(Dot(ref counts, point.Counts, capacity, b), ref countParts, row + (nuint)b);
                var same = Vector<double>.Zero;
                for (var p = 0; p < point.Active.Length; p++)
                {
                    var column = Vector.LoadUnsafe(ref active, (nuint)(p * capacity + b));
                    same += Vector.ConditionalSelect(Vector.Equals(column, new Vector<double>(point.Active[p])), Vector<double>.One, Vector<double>.Zero);
                }
                Vector.StoreUnsafe(same / positions, ref shared, row + (nuint)b);
            }
        }
        ref var selfHead = ref MemoryMarshal.GetArrayDataReference(SelfHead);
        ref var selfCounts = ref MemoryMarshal.GetArrayDataReference(SelfCounts);
        for (var b = 0; b < end; b += width)
        {
            Vector.StoreUnsafe(Square(ref factor, block.FactorLength, capacity, b), ref selfHead, (nuint)b);
            Vector.StoreUnsafe(Square(ref counts, block.CountsLength, capacity, b), ref selfCounts, (nuint)b);
        }
    }

    /// <summary>Σₜ rows[t][b..b+width] · other[t].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Dot(ref double rows, double[] other, int capacity, int b)
    {
        var sum = Vector<double>.Zero;
        for (var t = 0; t < other.Length; t++)
            sum += Vector.LoadUnsafe(ref rows, (nuint)(t * capacity + b)) * new Vector<double>(other[t]);
        return sum;
    }

    /// <summary>Σₜ rows[t][b..b+width]².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Square(ref double rows, int length, int capacity, int b)
    {
        var sum = Vector<double>.Zero;
        for (var t = 0; t < length; t++)
        {
            var v = Vector.LoadUnsafe(ref rows, (nuint)(t * capacity + b));
            sum += v * v;
        }
        return sum;
    }
}
