namespace MidTrain.Core.Models;

/// <summary>One candidate token at a position, with its natural-log probability.</summary>
/// <param name="Token">The token text.</param>
/// <param name="Logprob">Its natural-log probability.</param>
public sealed record TokenAlternative(string Token, double Logprob);
