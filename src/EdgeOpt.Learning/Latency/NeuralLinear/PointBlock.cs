using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeOpt.Learning.Latency.NeuralLinear;

/// <summary>
/// Up to <see cref="Capacity"/> kernel points laid out column by column (one row of <see cref="Capacity"/> values per
/// factor entry, per one-hot position and per option count), so that the kernel between a whole block and the
/// measured points is computed with vector arithmetic over the block. Scratch space, reused block after block by
/// one thread; rows are padded to a whole number of vectors (the padding holds stale values, never read back).
/// </summary>
internal sealed class PointBlock
{
    /// <summary>Points per block: a multiple of any vector width; a block's rows and parts stay in the second-level cache
    /// (128 measured a little faster than 32, 64 or 256 on the 2-core VM).</summary>
    public const int DefaultCapacity = 128;

    public PointBlock(KernelPoint shape, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var width = System.Numerics.Vector<double>.Count;
        Capacity = (capacity + width - 1) / width * width;
        FactorLength = shape.Factor.Length;
        ActiveLength = shape.Active.Length;
        CountsLength = shape.Counts.Length;
        Factor = new double[FactorLength * Capacity];
        Active = new double[ActiveLength * Capacity];
        Counts = new double[CountsLength * Capacity];
        PriorMean = new double[Capacity];
        Degenerate = new long[Capacity];
    }

    /// <summary>Room per row (a multiple of the vector width).</summary>
    public int Capacity { get; }

    /// <summary>Points held now (the first <see cref="Count"/> entries of each row).</summary>
    public int Count { get; private set; }

    /// <summary>Points held, rounded up to whole vectors: how far the vector loops run.</summary>
    public int PaddedCount => (Count + System.Numerics.Vector<double>.Count - 1) / System.Numerics.Vector<double>.Count
                              * System.Numerics.Vector<double>.Count;

    public int FactorLength { get; }

    public int ActiveLength { get; }

    public int CountsLength { get; }

    /// <summary><see cref="KernelPoint.Factor"/>, row t = entry t of every point.</summary>
    public double[] Factor { get; }

    /// <summary><see cref="KernelPoint.Active"/> (as doubles: exact for these small indices), row p = position p.</summary>
    public double[] Active { get; }

    /// <summary><see cref="KernelPoint.Counts"/>, row c = count c.</summary>
    public double[] Counts { get; }

    public double[] PriorMean { get; }

    /// <summary><see cref="KernelPoint.Degenerate"/> as a vector mask: all bits set (-1) when degenerate, else 0.</summary>
    public long[] Degenerate { get; }

    /// <summary>Fills the block with <paramref name="count"/> points; all must have the shape the block was made for.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Load(int count, Func<int, KernelPoint> point)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        Count = count;
        for (var b = 0; b < count; b++) Set(b, point(b));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Set(int b, KernelPoint p)
    {
        if (p.Factor.Length != FactorLength || p.Active.Length != ActiveLength || p.Counts.Length != CountsLength)
            throw new ArgumentException(
                $"point {b} has {p.Factor.Length} factor entries, {p.Active.Length} positions and {p.Counts.Length} counts; " +
                $"the block holds {FactorLength}, {ActiveLength} and {CountsLength}");
        var capacity = Capacity;
        ref var factor = ref MemoryMarshal.GetArrayDataReference(Factor);
        for (var t = 0; t < p.Factor.Length; t++) Unsafe.Add(ref factor, t * capacity + b) = p.Factor[t];
        ref var active = ref MemoryMarshal.GetArrayDataReference(Active);
        for (var i = 0; i < p.Active.Length; i++) Unsafe.Add(ref active, i * capacity + b) = p.Active[i];
        ref var counts = ref MemoryMarshal.GetArrayDataReference(Counts);
        for (var c = 0; c < p.Counts.Length; c++) Unsafe.Add(ref counts, c * capacity + b) = p.Counts[c];
        PriorMean[b] = p.PriorMean;
        Degenerate[b] = p.Degenerate ? -1L : 0L;
    }
}
