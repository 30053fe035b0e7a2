using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>32 unsigned 8-bit lanes in a 256-bit vector.</summary>
internal readonly struct Lanes8x32 : IStripedLanes<Vector256<byte>>
{
    public static int Count => 32;

    public static int MaxValue => 255;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Splat(int value) => Vector256.Create((byte)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Create(ReadOnlySpan<int> values)
    {
        Span<byte> lanes = stackalloc byte[32];
        for (var k = 0; k < lanes.Length; k++)
        {
            lanes[k] = (byte)values[k];
        }

        return Vector256.Create(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> AddSaturate(Vector256<byte> left, Vector256<byte> right) =>
        Avx2.IsSupported ? Avx2.AddSaturate(left, right) : Vector256.AddSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> SubtractSaturate(Vector256<byte> left, Vector256<byte> right) =>
        Avx2.IsSupported ? Avx2.SubtractSaturate(left, right) : Vector256.SubtractSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Max(Vector256<byte> left, Vector256<byte> right) =>
        Avx2.IsSupported ? Avx2.Max(left, right) : Vector256.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> ShiftUp(Vector256<byte> value)
    {
        if (Avx2.IsSupported)
        {
            // Bring the low 128-bit lane up (zeros below), then shift across lanes with palignr.
            var carried = Avx2.Permute2x128(value, value, 0x08);
            return Avx2.AlignRight(value, carried, 15);
        }

        return Vector256.Shuffle(value, Vector256.Create((byte)255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30));
    }

    // a > b in some lane exactly when the saturating difference a - b is non-zero there (one subtract and a test).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreater(Vector256<byte> left, Vector256<byte> right) => SubtractSaturate(left, right) != Vector256<byte>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HorizontalMax(Vector256<byte> value)
    {
        var max = 0;
        for (var k = 0; k < 32; k++)
        {
            max = System.Math.Max(max, value[k]);
        }

        return max;
    }
}
