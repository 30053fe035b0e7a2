namespace MidTrain.Generators.Assembly;

/// <summary>A candidate an assembler could not use, with the reason (to reject it). Immutable.</summary>
/// <typeparam name="T">The caller's handle type.</typeparam>
/// <param name="Handle">The candidate's handle.</param>
/// <param name="Reason">Why it was not used.</param>
public sealed record AssemblyLeftover<T>(T Handle, string Reason);
