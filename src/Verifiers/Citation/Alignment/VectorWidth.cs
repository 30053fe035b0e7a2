namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>Which implementation of the alignment kernel runs.</summary>
public enum VectorWidth
{
    /// <summary>The widest vectors the CPU accelerates (512, then 256, then 128 bits), else scalar.</summary>
    Auto = 0,

    /// <summary>The scalar kernel (32-bit scores).</summary>
    Scalar = 1,

    /// <summary>128-bit vectors (SSE2 / AdvSimd).</summary>
    V128 = 128,

    /// <summary>256-bit vectors (AVX2).</summary>
    V256 = 256,

    /// <summary>512-bit vectors (AVX-512BW).</summary>
    V512 = 512,
}
