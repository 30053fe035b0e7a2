using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>32 unsigned 16-bit lanes in a 512-bit vector.</summary>
internal readonly struct Lanes16x32 : IStripedLanes<Vector512<ushort>>
{
    public static int Count => 32;

    public static int MaxValue => 65535;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ushort> Splat(int value) => Vector512.Create((ushort)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ushort> Create(ReadOnlySpan<int> values)
    {
        Span<ushort> lanes = stackalloc ushort[32];
        for (var k = 0; k < lanes.Length; k++)
        {
            lanes[k] = (ushort)values[k];
        }

        return Vector512.Create(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ushort> AddSaturate(Vector512<ushort> left, Vector512<ushort> right) =>
        Avx512BW.IsSupported ? Avx512BW.AddSaturate(left, right) : Vector512.AddSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ushort> SubtractSaturate(Vector512<ushort> left, Vector512<ushort> right) =>
        Avx512BW.IsSupported ? Avx512BW.SubtractSaturate(left, right) : Vector512.SubtractSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ushort> Max(Vector512<ushort> left, Vector512<ushort> right) =>
        Avx512BW.IsSupported ? Avx512BW.Max(left, right) : Vector512.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ushort> ShiftUp(Vector512<ushort> value)
    {
        if (Avx512BW.IsSupported)
        {
            // Move every 128-bit lane up by one (zeros below), then shift across lanes with vpalignr.
            var carried = Avx512F.AlignRight64(value.AsUInt64(), Vector512<ulong>.Zero, 6).AsByte();
            return Avx512BW.AlignRight(value.AsByte(), carried, 14).AsUInt16();
        }

        return Vector512.Shuffle(value, Vector512.Create((ushort)65535, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30));
    }

    // a > b in some lane exactly when the saturating difference a - b is non-zero there (one subtract and a test).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreater(Vector512<ushort> left, Vector512<ushort> right) => SubtractSaturate(left, right) != Vector512<ushort>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HorizontalMax(Vector512<ushort> value)
    {
        var max = 0;
        for (var k = 0; k < 32; k++)
        {
            max = System.Math.Max(max, value[k]);
        }

        return max;
    }
}
