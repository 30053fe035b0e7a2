namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>
/// The vector operations the striped kernel needs, for one vector type and unsigned lane type. Implemented by small
/// structs so that the generic kernel is specialised (and inlined) per width by the JIT.
/// </summary>
/// <typeparam name="TVector">The vector type, e.g. <c>Vector256&lt;byte&gt;</c>.</typeparam>
internal interface IStripedLanes<TVector>
    where TVector : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>The largest lane value (saturation limit).</summary>
    static abstract int MaxValue { get; }

    /// <summary>All lanes set to <paramref name="value"/>.</summary>
    static abstract TVector Splat(int value);

    /// <summary>A vector from <see cref="Count"/> lane values.</summary>
    static abstract TVector Create(ReadOnlySpan<int> values);

    /// <summary>Lane-wise saturating addition.</summary>
    static abstract TVector AddSaturate(TVector left, TVector right);

    /// <summary>Lane-wise saturating subtraction (floors at zero).</summary>
    static abstract TVector SubtractSaturate(TVector left, TVector right);

    /// <summary>Lane-wise maximum.</summary>
    static abstract TVector Max(TVector left, TVector right);

    /// <summary>Moves every lane one position up (lane k gets lane k − 1), lane 0 becomes zero.</summary>
    static abstract TVector ShiftUp(TVector value);

    /// <summary>Whether any lane of <paramref name="left"/> is greater than the same lane of <paramref name="right"/>.</summary>
    static abstract bool AnyGreater(TVector left, TVector right);

    /// <summary>The largest lane.</summary>
    static abstract int HorizontalMax(TVector value);
}
