using MidTrain.Core.Hashing;

namespace MidTrain.Datasets.Statistics;

/// <summary>
/// distinct-1 and distinct-2 of a stream of texts (distinct word n-grams ÷ all word n-grams; words are maximal runs
/// of letters and digits, compared case-insensitively), in bounded memory (see <see cref="DistinctCounter"/>).
/// Not thread-safe.
/// </summary>
internal sealed class QuestionNGrams
{
    private readonly DistinctCounter _unigrams = new();
    private readonly DistinctCounter _bigrams = new();
    private char[] _word = new char[64];

    public long Texts { get; private set; }

    public double? Distinct1 => _unigrams.Total == 0 ? null : _unigrams.Distinct / _unigrams.Total;

    public double? Distinct2 => _bigrams.Total == 0 ? null : _bigrams.Distinct / _bigrams.Total;

    /// <summary>Whether both figures are exact (under the counters' capacity).</summary>
    public bool IsExact => _unigrams.IsExact && _bigrams.IsExact;

    public void Add(string text)
    {
        Texts++;
        ulong previous = 0;
        var hasPrevious = false;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                break;
            }

            var length = i - start;
            if (_word.Length < length)
            {
                _word = new char[Math.Max(length, _word.Length * 2)];
            }

            var word = _word.AsSpan(0, length);
            text.AsSpan(start, length).ToLowerInvariant(word);
            var hash = ContentHash.Fnv1a64(word);
            _unigrams.Add(hash);
            if (hasPrevious)
            {
                _bigrams.Add((previous * 0x100000001b3UL) ^ (hash + 0x9e3779b97f4a7c15UL));
            }

            previous = hash;
            hasPrevious = true;
        }
    }
}
