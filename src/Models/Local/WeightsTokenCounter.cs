using System.Text;
using LLama;
using MidTrain.Core.Models;

namespace MidTrain.Models.Local;

/// <summary>Counts tokens with the loaded GGUF's vocabulary. Thread-safe (tokenisation only reads the vocabulary).</summary>
internal sealed class WeightsTokenCounter(LLamaWeights weights) : ITokenCounter
{
    public int CountTokens(string text) => weights.Tokenize(text, add_bos: false, special: false, Encoding.UTF8).Length;
}
