namespace MidTrain.Filters.Text;

/// <summary>One word of a text after <see cref="WordTokenizer"/>: its 64-bit hash and the raw span it came from.</summary>
/// <param name="Hash">The hash of the normalised word (equal words, equal hashes; never 0).</param>
/// <param name="Start">Inclusive raw offset of the word's first character.</param>
/// <param name="End">Exclusive raw offset after the word's last character.</param>
internal readonly record struct NormalizedWord(ulong Hash, int Start, int End);
