using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>8 unsigned 16-bit lanes in a 128-bit vector.</summary>
internal readonly struct Lanes16x8 : IStripedLanes<Vector128<ushort>>
{
    public static int Count => 8;

    public static int MaxValue => 65535;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> Splat(int value) => Vector128.Create((ushort)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> Create(ReadOnlySpan<int> values)
    {
        Span<ushort> lanes = stackalloc ushort[8];
        for (var k = 0; k < lanes.Length; k++)
        {
            lanes[k] = (ushort)values[k];
        }

        return Vector128.Create(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> AddSaturate(Vector128<ushort> left, Vector128<ushort> right) =>
        Sse2.IsSupported ? Sse2.AddSaturate(left, right) : Vector128.AddSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> SubtractSaturate(Vector128<ushort> left, Vector128<ushort> right) =>
        Sse2.IsSupported ? Sse2.SubtractSaturate(left, right) : Vector128.SubtractSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> Max(Vector128<ushort> left, Vector128<ushort> right) =>
        Sse41.IsSupported ? Sse41.Max(left, right) : Vector128.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> ShiftUp(Vector128<ushort> value)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.ShiftLeftLogical128BitLane(value.AsByte(), 2).AsUInt16();
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.ExtractVector128(Vector128<byte>.Zero, value.AsByte(), 14).AsUInt16();
        }

        return Vector128.Shuffle(value, Vector128.Create((ushort)65535, 0, 1, 2, 3, 4, 5, 6));
    }

    // a > b in some lane exactly when the saturating difference a - b is non-zero there (one subtract and a test).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreater(Vector128<ushort> left, Vector128<ushort> right) => SubtractSaturate(left, right) != Vector128<ushort>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HorizontalMax(Vector128<ushort> value)
    {
        var max = 0;
        for (var k = 0; k < 8; k++)
        {
            max = System.Math.Max(max, value[k]);
        }

        return max;
    }
}
