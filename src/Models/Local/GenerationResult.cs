using MidTrain.Core.Models;

namespace MidTrain.Models.Local;

/// <summary>What one generation produced. Immutable.</summary>
/// <param name="Text">The generated text (stop sequence removed).</param>
/// <param name="PromptTokens">Tokens in the prompt.</param>
/// <param name="OutputTokens">Tokens generated (including the end token when one was sampled).</param>
/// <param name="HitLength">True when generation stopped at the token limit rather than at an end token or stop sequence.</param>
/// <param name="Logprobs">Per-token log-probabilities when requested, else null.</param>
internal sealed record GenerationResult(string Text, int PromptTokens, int OutputTokens, bool HitLength, IReadOnlyList<TokenLogprob>? Logprobs);
