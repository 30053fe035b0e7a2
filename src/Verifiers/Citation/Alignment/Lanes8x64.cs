using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>64 unsigned 8-bit lanes in a 512-bit vector.</summary>
internal readonly struct Lanes8x64 : IStripedLanes<Vector512<byte>>
{
    public static int Count => 64;

    public static int MaxValue => 255;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Splat(int value) => Vector512.Create((byte)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Create(ReadOnlySpan<int> values)
    {
        Span<byte> lanes = stackalloc byte[64];
        for (var k = 0; k < lanes.Length; k++)
        {
            lanes[k] = (byte)values[k];
        }

        return Vector512.Create(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> AddSaturate(Vector512<byte> left, Vector512<byte> right) =>
        Avx512BW.IsSupported ? Avx512BW.AddSaturate(left, right) : Vector512.AddSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> SubtractSaturate(Vector512<byte> left, Vector512<byte> right) =>
        Avx512BW.IsSupported ? Avx512BW.SubtractSaturate(left, right) : Vector512.SubtractSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Max(Vector512<byte> left, Vector512<byte> right) =>
        Avx512BW.IsSupported ? Avx512BW.Max(left, right) : Vector512.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> ShiftUp(Vector512<byte> value)
    {
        if (Avx512BW.IsSupported)
        {
            // Move every 128-bit lane up by one (zeros below), then shift across lanes with vpalignr.
            var carried = Avx512F.AlignRight64(value.AsUInt64(), Vector512<ulong>.Zero, 6).AsByte();
            return Avx512BW.AlignRight(value, carried, 15);
        }

        return Vector512.Shuffle(value, Vector512.Create((byte)255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62));
    }

    // a > b in some lane exactly when the saturating difference a - b is non-zero there (one subtract and a test).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreater(Vector512<byte> left, Vector512<byte> right) => SubtractSaturate(left, right) != Vector512<byte>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HorizontalMax(Vector512<byte> value)
    {
        var max = 0;
        for (var k = 0; k < 64; k++)
        {
            max = System.Math.Max(max, value[k]);
        }

        return max;
    }
}
