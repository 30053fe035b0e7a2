using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>16 unsigned 8-bit lanes in a 128-bit vector.</summary>
internal readonly struct Lanes8x16 : IStripedLanes<Vector128<byte>>
{
    public static int Count => 16;

    public static int MaxValue => 255;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Splat(int value) => Vector128.Create((byte)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Create(ReadOnlySpan<int> values)
    {
        Span<byte> lanes = stackalloc byte[16];
        for (var k = 0; k < lanes.Length; k++)
        {
            lanes[k] = (byte)values[k];
        }

        return Vector128.Create(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> AddSaturate(Vector128<byte> left, Vector128<byte> right) =>
        Sse2.IsSupported ? Sse2.AddSaturate(left, right) : Vector128.AddSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> SubtractSaturate(Vector128<byte> left, Vector128<byte> right) =>
        Sse2.IsSupported ? Sse2.SubtractSaturate(left, right) : Vector128.SubtractSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Max(Vector128<byte> left, Vector128<byte> right) =>
        Sse2.IsSupported ? Sse2.Max(left, right) : Vector128.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> ShiftUp(Vector128<byte> value)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.ShiftLeftLogical128BitLane(value, 1);
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.ExtractVector128(Vector128<byte>.Zero, value, 15);
        }

        return Vector128.Shuffle(value, Vector128.Create((byte)255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14));
    }

    // a > b in some lane exactly when the saturating difference a - b is non-zero there (one subtract and a test).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreater(Vector128<byte> left, Vector128<byte> right) => SubtractSaturate(left, right) != Vector128<byte>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HorizontalMax(Vector128<byte> value)
    {
        var max = 0;
        for (var k = 0; k < 16; k++)
        {
            max = System.Math.Max(max, value[k]);
        }

        return max;
    }
}
