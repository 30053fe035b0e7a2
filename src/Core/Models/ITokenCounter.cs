namespace MidTrain.Core.Models;

/// <summary>
/// Counts tokens with a model's own tokenizer. Local backends expose it through
/// <c>IChatClient.GetService(typeof(ITokenCounter))</c> (middleware forwards the request), so chunking can budget
/// passages in the model's tokens. Implementations are thread-safe.
/// </summary>
public interface ITokenCounter
{
    /// <summary>The number of tokens of <paramref name="text"/> (without special tokens).</summary>
    int CountTokens(string text);
}
