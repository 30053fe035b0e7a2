using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>
/// The lane-by-lane operations of the striped lanes (<see cref="Lanes128{T}"/>, <see cref="Lanes256{T}"/>,
/// <see cref="Lanes512{T}"/>), written once for every vector width: a vector is read and written as a span of its lanes.
/// </summary>
internal static class VectorLanes
{
    /// <summary>A vector whose lane k is <paramref name="values"/>[k], truncated to <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Create<TVector, T>(ReadOnlySpan<int> values)
        where TVector : unmanaged
        where T : unmanaged, IBinaryInteger<T>
    {
        Span<T> lanes = stackalloc T[Unsafe.SizeOf<TVector>() / Unsafe.SizeOf<T>()];
        for (var k = 0; k < lanes.Length; k++)
        {
            lanes[k] = T.CreateTruncating(values[k]);
        }

        return MemoryMarshal.Read<TVector>(MemoryMarshal.AsBytes(lanes));
    }

    /// <summary>The largest lane of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HorizontalMax<TVector, T>(TVector value)
        where TVector : unmanaged
        where T : unmanaged, IBinaryInteger<T>
    {
        var max = T.Zero;
        foreach (var lane in MemoryMarshal.Cast<TVector, T>(new ReadOnlySpan<TVector>(in value)))
        {
            max = T.Max(max, lane);
        }

        return int.CreateTruncating(max);
    }
}
