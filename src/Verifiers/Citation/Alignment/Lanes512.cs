using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>Unsigned lanes in a 512-bit vector: 64 of 8 bits (<typeparamref name="T"/> = <see cref="byte"/>) or 32
/// of 16 bits (<see cref="ushort"/>).</summary>
/// <typeparam name="T"><see cref="byte"/> or <see cref="ushort"/>.</typeparam>
internal readonly struct Lanes512<T> : IStripedLanes<Vector512<T>>
    where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>, IMinMaxValue<T>
{
    public static int Count => Vector512<T>.Count;

    public static int MaxValue => int.CreateTruncating(T.MaxValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Splat(int value) => Vector512.Create(T.CreateTruncating(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Create(ReadOnlySpan<int> values) => VectorLanes.Create<Vector512<T>, T>(values);

    // The portable saturating and max operations compile to vpaddus, vpsubus and vpmaxu on AVX-512BW.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> AddSaturate(Vector512<T> left, Vector512<T> right) => Vector512.AddSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SubtractSaturate(Vector512<T> left, Vector512<T> right) => Vector512.SubtractSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> left, Vector512<T> right) => Vector512.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ShiftUp(Vector512<T> value)
    {
        var bytes = value.AsByte();
        if (Avx512BW.IsSupported)
        {
            // Move every 128-bit lane up by one (zeros below), then shift across lanes with vpalignr by one
            // lane (one byte or two; the immediate must be a constant, and the JIT keeps only the branch of T).
            var carried = Avx512F.AlignRight64(value.AsUInt64(), Vector512<ulong>.Zero, 6).AsByte();
            return typeof(T) == typeof(byte)
                ? Avx512BW.AlignRight(bytes, carried, 15).As<byte, T>()
                : Avx512BW.AlignRight(bytes, carried, 14).As<byte, T>();
        }

        // Byte k takes byte k - size; the indices below zero wrap past the vector's end and so read zero.
        return Vector512.Shuffle(bytes, Vector512<byte>.Indices - Vector512.Create((byte)Unsafe.SizeOf<T>())).As<byte, T>();
    }

    // a > b in some lane exactly when the saturating difference a - b is non-zero there (one subtract and a test).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreater(Vector512<T> left, Vector512<T> right) => SubtractSaturate(left, right) != Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HorizontalMax(Vector512<T> value) => VectorLanes.HorizontalMax<Vector512<T>, T>(value);
}
