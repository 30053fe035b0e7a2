using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MidTrain.Classifiers.Features;

/// <summary>
/// The <c>fasttext-like</c> featurizer: word n-grams and character n-grams of a text, hashed into one table of
/// 2^bits buckets (the hashing trick, as fastText and DCLM's classifier). Words are maximal runs of letters and digits,
/// lower-cased; character n-grams run over the lower-cased text with every run of whitespace read as one space, across
/// word boundaries. A text's feature vector holds, per bucket, the occurrences of each family divided by the square
/// root of that family's total occurrences, so a linear score is
/// <c>bias + Σ_words w / √N_words + Σ_chars w / √N_chars</c> and can be computed in one pass without building the
/// vector (<see cref="Score"/>), which is what makes scoring a corpus fast. Hashes are fixed functions of the text
/// (no per-process seeds): the same text gives the same features on every machine. <see cref="Version"/> names the
/// algorithm; a model trained with another version is refused. Immutable and thread-safe.
/// </summary>
public sealed class HashedNgramFeaturizer
{
    /// <summary>The featurizer algorithm's version, stored in model files.</summary>
    public const int Version = 1;

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong Mixer = 0xC2B2AE3D27D4EB4FUL;
    private static readonly ulong[] WordSeeds = [0, 0x2545F4914F6CDD1DUL, 0x6A09E667F3BCC909UL, 0xBB67AE8584CAA73BUL, 0x3C6EF372FE94F82BUL];
    private static readonly ulong[] CharSeeds = [0, 0xA54FF53A5F1D36F1UL, 0x510E527FADE682D1UL, 0x9B05688C2B3E6C1FUL, 0x1F83D9ABFB41BD6BUL, 0x5BE0CD19137E2179UL, 0xCBBB9D5DC1059ED8UL, 0x629A292A367CD507UL, 0x9159015A3070DD17UL];

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
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length < Dimension)
        {
            throw new ArgumentException($"expected {Dimension} weights, got {weights.Length}", nameof(weights));
        }

        var sink = new ScoreSink(weights);
        Featurize(text, ref sink);
        return bias + sink.Total;
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

    /// <summary>Calls <paramref name="sink"/> once per feature occurrence of <paramref name="text"/>.</summary>
    internal void Featurize<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        var word = FnvOffset;
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
                word = (word ^ c) * FnvPrime;
                wordLength++;
            }
            else if (wordLength > 0)
            {
                EmitWord(ref sink, word, ref previous1, ref previous2, ref previous3, ref wordsSeen);
                word = FnvOffset;
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
                    key = low ^ ((upper + 1) * Mixer);
                }

                sink.Char(Index(key ^ CharSeeds[n]));
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
            sink.Word(Index(word ^ WordSeeds[1]));
        }

        if (_wordNgrams >= 2 && wordsSeen >= 1)
        {
            var pair = Combine(previous1, word);
            sink.Word(Index(pair ^ WordSeeds[2]));
            if (_wordNgrams >= 3 && wordsSeen >= 2)
            {
                var triple = Combine(previous2, pair);
                sink.Word(Index(triple ^ WordSeeds[3]));
                if (_wordNgrams >= 4 && wordsSeen >= 3)
                {
                    sink.Word(Index(Combine(previous3, triple) ^ WordSeeds[4]));
                }
            }
        }

        previous3 = previous2;
        previous2 = previous1;
        previous1 = word;
        wordsSeen++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Combine(ulong earlier, ulong later) => (BitOperations.RotateLeft(earlier, 23) * Golden) ^ later;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(ulong key)
    {
        key ^= key >> 29;
        key *= Golden;
        key ^= key >> 32;
        key *= Mixer;
        return (int)(key >> _shift);
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

        public readonly double Total =>
            (_wordCount == 0 ? 0 : _words / Math.Sqrt(_wordCount)) + (_charCount == 0 ? 0 : _chars / Math.Sqrt(_charCount));

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
