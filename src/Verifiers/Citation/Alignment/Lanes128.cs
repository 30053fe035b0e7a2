using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>Unsigned lanes in a 128-bit vector: 16 of 8 bits (<typeparamref name="T"/> = <see cref="byte"/>) or 8 of
/// 16 bits (<see cref="ushort"/>).</summary>
/// <typeparam name="T"><see cref="byte"/> or <see cref="ushort"/>.</typeparam>
internal readonly struct Lanes128<T> : IStripedLanes<Vector128<T>>
    where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>, IMinMaxValue<T>
{
    public static int Count => Vector128<T>.Count;

    public static int MaxValue => int.CreateTruncating(T.MaxValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Splat(int value) => Vector128.Create(T.CreateTruncating(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Create(ReadOnlySpan<int> values) => VectorLanes.Create<Vector128<T>, T>(values);

    // The portable saturating and max operations compile to paddus, psubus and pmaxu (AdvSimd uqadd, uqsub, umax).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> AddSaturate(Vector128<T> left, Vector128<T> right) => Vector128.AddSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SubtractSaturate(Vector128<T> left, Vector128<T> right) => Vector128.SubtractSaturate(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> left, Vector128<T> right) => Vector128.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ShiftUp(Vector128<T> value)
    {
        // A lane is one byte or two. The immediates must be constants; the JIT keeps only the branch of T.
        var bytes = value.AsByte();
        if (Sse2.IsSupported)
        {
            return typeof(T) == typeof(byte)
                ? Sse2.ShiftLeftLogical128BitLane(bytes, 1).As<byte, T>()
                : Sse2.ShiftLeftLogical128BitLane(bytes, 2).As<byte, T>();
        }

        if (AdvSimd.IsSupported)
        {
            return typeof(T) == typeof(byte)
                ? AdvSimd.ExtractVector128(Vector128<byte>.Zero, bytes, 15).As<byte, T>()
                : AdvSimd.ExtractVector128(Vector128<byte>.Zero, bytes, 14).As<byte, T>();
        }

        // Byte k takes byte k - size; the indices below zero wrap past the vector's end and so read zero.
        return Vector128.Shuffle(bytes, Vector128<byte>.Indices - Vector128.Create((byte)Unsafe.SizeOf<T>())).As<byte, T>();
    }

    // a > b in some lane exactly when the saturating difference a - b is non-zero there (one subtract and a test).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreater(Vector128<T> left, Vector128<T> right) => SubtractSaturate(left, right) != Vector128<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HorizontalMax(Vector128<T> value) => VectorLanes.HorizontalMax<Vector128<T>, T>(value);
}
