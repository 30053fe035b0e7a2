namespace MidTrain.Models.Gguf;

/// <summary>One tensor's descriptor in a GGUF file. Immutable.</summary>
/// <param name="Name">Tensor name, e.g. <c>blk.0.attn_q.weight</c>.</param>
/// <param name="Dimensions">Sizes, innermost (ggml <c>ne[0]</c>) first.</param>
/// <param name="GgmlType">The ggml element type (0 = F32, 1 = F16, …).</param>
/// <param name="Offset">Byte offset of the data, relative to the start of the tensor-data section.</param>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<ulong> Dimensions, uint GgmlType, ulong Offset)
{
    /// <summary>Number of elements.</summary>
    public ulong ElementCount => Dimensions.Aggregate(1UL, (a, d) => a * d);
}
