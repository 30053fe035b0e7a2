using MidTrain.Core.Records;

namespace MidTrain.Generators.Assembly;

/// <summary>A context an assembler built, with the handles of the candidates it is made of (in arrival order). Immutable.</summary>
/// <typeparam name="T">The caller's handle type.</typeparam>
/// <param name="Context">The context.</param>
/// <param name="Members">The handles of its candidates.</param>
/// <param name="Short">Whether it is a partition's last context, below the target's tolerance (kept by <c>min_fill</c>).</param>
public sealed record AssembledContext<T>(Core.Records.LongContext Context, IReadOnlyList<T> Members, bool Short);
