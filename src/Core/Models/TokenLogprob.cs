namespace MidTrain.Core.Models;

/// <summary>
/// The log-probability of one generated token and its most likely alternatives at that position. Backends that expose
/// token probabilities (llama.cpp logits locally, <c>logprobs</c>/<c>top_logprobs</c> remotely) attach a list of these,
/// one per generated token, to <c>ChatResponse.AdditionalProperties[<see cref="ChatLogprobs.ResponseKey"/>]</c>.
/// </summary>
/// <param name="Token">The generated token's text.</param>
/// <param name="Logprob">Its natural-log probability.</param>
/// <param name="TopLogprobs">The top alternatives at this position (including the generated token), most likely first.</param>
public sealed record TokenLogprob(string Token, double Logprob, IReadOnlyList<TokenAlternative> TopLogprobs);
