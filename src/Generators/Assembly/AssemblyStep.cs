namespace MidTrain.Generators.Assembly;

/// <summary>What one call to a <see cref="ContextAssembler{T}"/> produced: contexts ready to send on, and candidates to reject. Immutable.</summary>
/// <typeparam name="T">The caller's handle type.</typeparam>
/// <param name="Contexts">Contexts built, in order.</param>
/// <param name="Leftovers">Candidates that will not be used.</param>
public sealed record AssemblyStep<T>(IReadOnlyList<AssembledContext<T>> Contexts, IReadOnlyList<AssemblyLeftover<T>> Leftovers)
{
    /// <summary>Nothing produced.</summary>
    public static AssemblyStep<T> Empty { get; } = new([], []);
}
