using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace MidTrain.Classifiers.Features;

/// <summary>
/// The <c>fasttext-like</c> featurizer: word n-grams and character n-grams of a text, hashed into one table of
/// 2^bits buckets (the hashing trick, as fastText and DCLM's classifier). Words are maximal runs of letters and digits,
/// lower-cased; character n-grams run over the lower-cased text with every run of whitespace read as one space, across
/// word boundaries. A text's feature vector holds, per bucket, the occurrences of each family divided by the square
/// root of that family's total occurrences, so a linear score is
/// <c>bias + Σ_words w / √N_words + Σ_chars w / √N_chars</c> and can be computed in one pass without building the
/// vector (<see cref="Score"/>, or <see cref="ScoreUtf8"/> straight from UTF-8 bytes, with the same result bit for
/// bit), which is what makes scoring a corpus fast. Hashes are fixed functions of the text
/// (no per-process seeds): the same text gives the same features on every machine. <see cref="Version"/> names the
/// algorithm; a model trained with another version is refused. Immutable and thread-safe.
/// </summary>
public sealed class HashedNgramFeaturizer
{
    /// <summary>The featurizer algorithm's version, stored in model files.</summary>
    public const int Version = 1;

    // Texts up to this many UTF-8 bytes are encoded on the stack when scored from UTF-16.
    private const int StackBytes = 4096;

    // ASCII: 0 = other (punctuation), 1 = word character, 2 = whitespace; and the lower-case of each code.
    private static readonly byte[] AsciiClass = BuildClasses();
    private static readonly char[] AsciiLower = BuildLower();

    private readonly int _shift;
    private readonly int _wordNgrams;
    private readonly int _charMin;
    private readonly int _charMax;

    /// <summary>Creates a featurizer for <paramref name="options"/>.</summary>
    /// <exception cref="Core.Configuration.OptionsValidationException">The options are invalid.</exception>
    public HashedNgramFeaturizer(NgramFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Dimension = 1 << options.Bits;
        _shift = 64 - options.Bits;
        _wordNgrams = options.WordNgrams;
        _charMin = options.CharNgramMin;
        _charMax = options.CharNgramMin == 0 ? 0 : Math.Max(options.CharNgramMin, options.CharNgramMax);
    }

    /// <summary>The options.</summary>
    public NgramFeatureOptions Options { get; }

    /// <summary>The number of buckets (the length of a weight vector).</summary>
    public int Dimension { get; }

    /// <summary>
    /// The linear score <c>bias + w·x</c> of <paramref name="text"/>, computed in one pass without allocating.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="weights">At least <see cref="Dimension"/> weights.</param>
    /// <param name="bias">The intercept.</param>
    public double Score(ReadOnlySpan<char> text, float[] weights, double bias)
    {
        CheckWeights(weights);
        if (_charMin == 0)
        {
            // Word features only: the UTF-8 path gives the same value (a lone surrogate encodes as U+FFFD, and both
            // are word breaks) about twice as fast, encoding included.
            var max = Encoding.UTF8.GetMaxByteCount(text.Length);
            byte[]? rented = null;
            var utf8 = max <= StackBytes ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
            try
            {
                return bias + ScoreWords(utf8[..Encoding.UTF8.GetBytes(text, utf8)], weights);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        var sink = new ScoreSink(weights);
        Featurize(text, ref sink);
        return bias + sink.Total;
    }

    /// <summary>
    /// The linear score of UTF-8 <paramref name="utf8"/>: the same value as
    /// <see cref="Score(ReadOnlySpan{char}, float[], double)"/> of its UTF-16 decoding (an invalid sequence reads as
    /// U+FFFD), bit for bit. Without character n-grams the bytes are scored as they are, never decoded: ASCII is
    /// classified 64 bytes at a time and each word hashed from its bytes. With them the text is decoded first.
    /// </summary>
    /// <param name="utf8">The text, UTF-8.</param>
    /// <param name="weights">At least <see cref="Dimension"/> weights.</param>
    /// <param name="bias">The intercept.</param>
    public double ScoreUtf8(ReadOnlySpan<byte> utf8, float[] weights, double bias)
    {
        CheckWeights(weights);
        if (_charMin > 0)
        {
            // Character n-grams are defined over UTF-16 code units.
            var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
            try
            {
                return Score(chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, chars)), weights, bias);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }

        return bias + ScoreWords(utf8, weights);
    }

    private void CheckWeights(float[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length < Dimension)
        {
            throw new ArgumentException($"expected {Dimension} weights, got {weights.Length}", nameof(weights));
        }
    }

    /// <summary>
    /// The sparse feature vector of <paramref name="text"/>: ascending bucket indices and their values (see the class
    /// remarks). Allocates; for training and tests.
    /// </summary>
    public (int[] Indices, float[] Values) Vector(ReadOnlySpan<char> text)
    {
        var sink = new CollectSink(new List<int>(), new List<int>());
        Featurize(text, ref sink);
        var words = CollectionsMarshal.AsSpan(sink.Words);
        var chars = CollectionsMarshal.AsSpan(sink.Chars);
        words.Sort();
        chars.Sort();
        var wordUnit = words.Length == 0 ? 0f : (float)(1.0 / Math.Sqrt(words.Length));
        var charUnit = chars.Length == 0 ? 0f : (float)(1.0 / Math.Sqrt(chars.Length));
        var indices = new List<int>(words.Length + chars.Length);
        var values = new List<float>(words.Length + chars.Length);
        int i = 0, j = 0;
        while (i < words.Length || j < chars.Length)
        {
            var index = j >= chars.Length || (i < words.Length && words[i] <= chars[j]) ? words[i] : chars[j];
            var value = 0f;
            while (i < words.Length && words[i] == index)
            {
                value += wordUnit;
                i++;
            }

            while (j < chars.Length && chars[j] == index)
            {
                value += charUnit;
                j++;
            }

            indices.Add(index);
            values.Add(value);
        }

        return (indices.ToArray(), values.ToArray());
    }

    /// <summary>The word features' part of the score of UTF-8 <paramref name="utf8"/>, as <see cref="ScoreSink.Total"/> computes it.</summary>
    private double ScoreWords(ReadOnlySpan<byte> utf8, float[] weights)
    {
        var (sum, count) = Utf8WordScorer.Sum(utf8, weights, _wordNgrams, _shift);
        return ScoreSink.Combine(sum, count, 0, 0);
    }

    /// <summary>Calls <paramref name="sink"/> once per feature occurrence of <paramref name="text"/>.</summary>
    internal void Featurize<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        var word = NgramHash.FnvOffset;
        var wordLength = 0;
        ulong previous1 = 0, previous2 = 0, previous3 = 0;
        var wordsSeen = 0;
        ulong low = 0, high = 0;
        var charsSeen = 0;
        var lastWasSpace = true;
        var chars = _charMin > 0;
        ref var classes = ref MemoryMarshal.GetArrayDataReference(AsciiClass);
        ref var lower = ref MemoryMarshal.GetArrayDataReference(AsciiLower);
        foreach (var raw in text)
        {
            int kind;
            char c;
            if (raw < 128)
            {
                kind = Unsafe.Add(ref classes, raw);
                c = Unsafe.Add(ref lower, raw);
            }
            else if (char.IsLetterOrDigit(raw))
            {
                kind = 1;
                c = char.ToLowerInvariant(raw);
            }
            else if (char.IsWhiteSpace(raw))
            {
                kind = 2;
                c = ' ';
            }
            else
            {
                kind = 0;
                c = raw;
            }

            if (kind == 1)
            {
                word = NgramHash.Fnv(word, c);
                wordLength++;
            }
            else if (wordLength > 0)
            {
                EmitWord(ref sink, word, ref previous1, ref previous2, ref previous3, ref wordsSeen);
                word = NgramHash.FnvOffset;
                wordLength = 0;
            }

            if (!chars)
            {
                continue;
            }

            if (kind == 2)
            {
                if (lastWasSpace)
                {
                    continue;
                }

                lastWasSpace = true;
            }
            else
            {
                lastWasSpace = false;
            }

            high = (high << 16) | (low >> 48);
            low = (low << 16) | c;
            charsSeen++;
            var longest = Math.Min(_charMax, charsSeen);
            for (var n = _charMin; n <= longest; n++)
            {
                ulong key;
                if (n <= 4)
                {
                    key = n == 4 ? low : low & ((1UL << (16 * n)) - 1);
                }
                else
                {
                    var upper = n == 8 ? high : high & ((1UL << (16 * (n - 4))) - 1);
                    key = low ^ ((upper + 1) * NgramHash.CharMixer);
                }

                sink.Char(NgramHash.Index(key ^ NgramHash.CharSeeds[n], _shift));
            }
        }

        if (wordLength > 0)
        {
            EmitWord(ref sink, word, ref previous1, ref previous2, ref previous3, ref wordsSeen);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EmitWord<TSink>(ref TSink sink, ulong word, ref ulong previous1, ref ulong previous2, ref ulong previous3, ref int wordsSeen)
        where TSink : struct, IFeatureSink
    {
        if (_wordNgrams >= 1)
        {
            sink.Word(NgramHash.Index(word ^ NgramHash.UnigramSeed, _shift));
        }

        if (_wordNgrams >= 2 && wordsSeen >= 1)
        {
            var pair = NgramHash.Combine(previous1, word);
            sink.Word(NgramHash.Index(pair ^ NgramHash.BigramSeed, _shift));
            if (_wordNgrams >= 3 && wordsSeen >= 2)
            {
                var triple = NgramHash.Combine(previous2, pair);
                sink.Word(NgramHash.Index(triple ^ NgramHash.TrigramSeed, _shift));
                if (_wordNgrams >= 4 && wordsSeen >= 3)
                {
                    sink.Word(NgramHash.Index(NgramHash.Combine(previous3, triple) ^ NgramHash.FourgramSeed, _shift));
                }
            }
        }

        previous3 = previous2;
        previous2 = previous1;
        previous1 = word;
        wordsSeen++;
    }

    private static byte[] BuildClasses()
    {
        var classes = new byte[128];
        for (var c = 0; c < 128; c++)
        {
            classes[c] = char.IsLetterOrDigit((char)c) ? (byte)1 : char.IsWhiteSpace((char)c) ? (byte)2 : (byte)0;
        }

        return classes;
    }

    private static char[] BuildLower()
    {
        var lower = new char[128];
        for (var c = 0; c < 128; c++)
        {
            lower[c] = char.IsWhiteSpace((char)c) ? ' ' : char.ToLowerInvariant((char)c);
        }

        return lower;
    }

    private struct ScoreSink(float[] weights) : IFeatureSink
    {
        private double _words;
        private double _chars;
        private int _wordCount;
        private int _charCount;

        public readonly double Total => Combine(_words, _wordCount, _chars, _charCount);

        /// <summary>Each family's sum over the square root of its count, added: the feature vector's dot product.</summary>
        public static double Combine(double words, int wordCount, double chars, int charCount) =>
            (wordCount == 0 ? 0 : words / Math.Sqrt(wordCount)) + (charCount == 0 ? 0 : chars / Math.Sqrt(charCount));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Word(int index)
        {
            _words += Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(weights), index);
            _wordCount++;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Char(int index)
        {
            _chars += Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(weights), index);
            _charCount++;
        }
    }

    private readonly struct CollectSink(List<int> words, List<int> chars) : IFeatureSink
    {
        public List<int> Words => words;

        public List<int> Chars => chars;

        public void Word(int index) => words.Add(index);

        public void Char(int index) => chars.Add(index);
    }
}
