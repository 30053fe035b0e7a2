using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>Unsigned lanes in a 256-bit vector: 32 of 8 bits (<typeparamref name="T"/> = <see cref="byte"/>) or 16
/// of 16 bits (<see cref="ushort"/>).</summary>
/// <typeparam name="T"><see cref="byte"/> or <see cref="ushort"/>.</typeparam>
internal readonly struct Lanes256<T> : IStripedLanes<Vector256<T>>
    where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>, IMinMaxValue<T>
{
    public static int Count => Vector256<T>.Count;

    public static int MaxValue => int.CreateTruncating(T.MaxValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Splat(int value) => Vector256.Create(T.CreateTruncating(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Create(ReadOnlySpan<int> values) => VectorLanes.Create<Vector256<T>, T>(values);

    // The portable saturating and max operations compile to vpaddus, vpsubus and vpmaxu on AVX2.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> AddSaturate(Vector256<T> left, Vector256<T> right) => Vector256.AddSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SubtractSaturate(Vector256<T> left, Vector256<T> right) => Vector256.SubtractSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> left, Vector256<T> right) => Vector256.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ShiftUp(Vector256<T> value)
    {
        var bytes = value.AsByte();
        if (Avx2.IsSupported)
        {
            // Bring the low 128-bit lane up (zeros below), then shift across lanes with palignr by one lane
            // (one byte or two; the immediate must be a constant, and the JIT keeps only the branch of T).
            var carried = Avx2.Permute2x128(bytes, bytes, 0x08);
            return typeof(T) == typeof(byte)
                ? Avx2.AlignRight(bytes, carried, 15).As<byte, T>()
                : Avx2.AlignRight(bytes, carried, 14).As<byte, T>();
        }

        // Byte k takes byte k - size; the indices below zero wrap past the vector's end and so read zero.
        return Vector256.Shuffle(bytes, Vector256<byte>.Indices - Vector256.Create((byte)Unsafe.SizeOf<T>())).As<byte, T>();
    }

    // a > b in some lane exactly when the saturating difference a - b is non-zero there (one subtract and a test).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreater(Vector256<T> left, Vector256<T> right) => SubtractSaturate(left, right) != Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HorizontalMax(Vector256<T> value) => VectorLanes.HorizontalMax<Vector256<T>, T>(value);
}
