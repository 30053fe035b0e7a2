using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>16 unsigned 16-bit lanes in a 256-bit vector.</summary>
internal readonly struct Lanes16x16 : IStripedLanes<Vector256<ushort>>
{
    public static int Count => 16;

    public static int MaxValue => 65535;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ushort> Splat(int value) => Vector256.Create((ushort)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ushort> Create(ReadOnlySpan<int> values)
    {
        Span<ushort> lanes = stackalloc ushort[16];
        for (var k = 0; k < lanes.Length; k++)
        {
            lanes[k] = (ushort)values[k];
        }

        return Vector256.Create(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ushort> AddSaturate(Vector256<ushort> left, Vector256<ushort> right) =>
        Avx2.IsSupported ? Avx2.AddSaturate(left, right) : Vector256.AddSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ushort> SubtractSaturate(Vector256<ushort> left, Vector256<ushort> right) =>
        Avx2.IsSupported ? Avx2.SubtractSaturate(left, right) : Vector256.SubtractSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ushort> Max(Vector256<ushort> left, Vector256<ushort> right) =>
        Avx2.IsSupported ? Avx2.Max(left, right) : Vector256.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ushort> ShiftUp(Vector256<ushort> value)
    {
        if (Avx2.IsSupported)
        {
            // Bring the low 128-bit lane up (zeros below), then shift across lanes with palignr.
            var carried = Avx2.Permute2x128(value, value, 0x08);
            return Avx2.AlignRight(value.AsByte(), carried.AsByte(), 14).AsUInt16();
        }

        return Vector256.Shuffle(value, Vector256.Create((ushort)65535, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14));
    }

    // a > b in some lane exactly when the saturating difference a - b is non-zero there (one subtract and a test).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreater(Vector256<ushort> left, Vector256<ushort> right) => SubtractSaturate(left, right) != Vector256<ushort>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HorizontalMax(Vector256<ushort> value)
    {
        var max = 0;
        for (var k = 0; k < 16; k++)
        {
            max = System.Math.Max(max, value[k]);
        }

        return max;
    }
}
