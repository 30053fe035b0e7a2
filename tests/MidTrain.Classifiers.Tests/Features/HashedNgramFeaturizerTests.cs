using System.Text;
using MidTrain.Classifiers.Features;
using MidTrain.Testing.Corpora;

namespace MidTrain.Classifiers.Tests.Features;

public sealed class HashedNgramFeaturizerTests
{
    private static HashedNgramFeaturizer Featurizer(int bits = 16, int words = 2, int charMin = 3, int charMax = 5) =>
        new(new NgramFeatureOptions { Bits = bits, WordNgrams = words, CharNgramMin = charMin, CharNgramMax = charMax });

    private static float[] RandomWeights(int dimension, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    private static double Dot((int[] Indices, float[] Values) vector, float[] weights, double bias) =>
        bias + vector.Indices.Select((index, i) => (double)weights[index] * vector.Values[i]).Sum();

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(2, 4, 4)]
    [InlineData(3, 3, 5)]
    [InlineData(4, 2, 8)]
    [InlineData(0, 6, 7)]
    public void Score_EqualsTheDotProductOfTheSparseVector(int words, int charMin, int charMax)
    {
        var featurizer = Featurizer(words: words, charMin: charMin, charMax: charMax);
        var weights = RandomWeights(featurizer.Dimension, 1);
        var texts = PlantedQualityCorpus.Generate(20, seed: 3, targetChars: 300).Select(d => d.Text)
            .Concat(["", "   ", "Ünïcödé  Straße,\tПривет мир — 北京 2024!", "a", "x\ny\r\nz"]);

        foreach (var text in texts)
        {
            featurizer.Score(text, weights, 0.25).Should().BeApproximately(Dot(featurizer.Vector(text), weights, 0.25), 1e-4, text);
        }
    }

    [Fact]
    public void Vector_IndicesAscendingUniqueAndInRange_FamiliesHaveUnitSquareRootMass()
    {
        var featurizer = Featurizer(words: 1, charMin: 0);

        var (indices, values) = featurizer.Vector("the cat saw the other cat");

        indices.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems().And.OnlyContain(i => i >= 0 && i < featurizer.Dimension);
        // Six word occurrences, each worth 1/√6: "the" and "cat" twice.
        values.Sum().Should().BeApproximately((float)(6 / Math.Sqrt(6)), 1e-5f);
        values.Max().Should().BeApproximately((float)(2 / Math.Sqrt(6)), 1e-5f);
    }

    [Fact]
    public void Vector_CaseAndWhitespaceRunsDoNotMatter_PunctuationDoes()
    {
        var featurizer = Featurizer();

        featurizer.Vector("The  Cat\n\tsat").Should().BeEquivalentTo(featurizer.Vector("the cat sat"));
        featurizer.Vector("the cat, sat").Indices.Should().NotEqual(featurizer.Vector("the cat sat").Indices);
    }

    [Fact]
    public void Vector_WordBigramsDependOnOrder()
    {
        var featurizer = Featurizer(words: 2, charMin: 0);

        featurizer.Vector("alpha beta").Indices.Should().NotEqual(featurizer.Vector("beta alpha").Indices);
        Featurizer(words: 1, charMin: 0).Vector("alpha beta").Should().BeEquivalentTo(Featurizer(words: 1, charMin: 0).Vector("beta alpha"));
    }

    [Fact]
    public void Score_IsAFixedFunctionOfTheText()
    {
        // Hashes carry no per-process seed: a model trained on one machine scores the same on another. Pinned values.
        var featurizer = Featurizer(bits: 20, words: 2, charMin: 4, charMax: 4);

        featurizer.Vector("photosynthesis makes sugar").Indices.Take(3).Should().Equal(FirstIndices);
    }

    // Recorded from featurizer version 1: if this changes, models trained earlier score garbage, so
    // HashedNgramFeaturizer.Version must change with it (old models are then refused).
    private static readonly int[] FirstIndices = [108440, 158528, 177580];

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(2, 0, 0)]
    [InlineData(3, 0, 0)]
    [InlineData(4, 0, 0)]
    [InlineData(2, 3, 5)]
    public void ScoreAndScoreUtf8_EqualTheUtf16ReferenceBitForBit(int words, int charMin, int charMax)
    {
        // The UTF-8 path classifies 64-byte blocks, hashes words 8 bytes at a time and decodes non-ASCII characters
        // one by one: texts of every length around those sizes, words across block ends, long words, and every kind
        // of character the UTF-16 path treats differently.
        var featurizer = Featurizer(bits: 20, words: words, charMin: charMin, charMax: charMax);
        var weights = RandomWeights(featurizer.Dimension, 2);
        foreach (var text in MixedTexts(3000, seed: 4))
        {
            // A lone surrogate has no UTF-8 form: it is encoded as U+FFFD, which the UTF-8 path must read as such.
            var utf8 = Encoding.UTF8.GetBytes(text);

            BitConverter.DoubleToInt64Bits(featurizer.ScoreUtf8(utf8, weights, 0.25)).Should().Be(BitConverter.DoubleToInt64Bits(Reference(featurizer, Encoding.UTF8.GetString(utf8), weights, 0.25)), text);
            BitConverter.DoubleToInt64Bits(featurizer.Score(text, weights, 0.25)).Should().Be(BitConverter.DoubleToInt64Bits(Reference(featurizer, text, weights, 0.25)), text);
        }
    }

    [Fact]
    public void ScoreUtf8_InvalidUtf8_ScoresAsItsDecodingWithReplacementCharacters()
    {
        var featurizer = Featurizer(bits: 20, words: 2, charMin: 0);
        var weights = RandomWeights(featurizer.Dimension, 3);
        byte[][] inputs =
        [
            [.. "abc "u8, 0xFF, .. "def"u8],
            [.. "word"u8, 0xC3],
            [0xE2, 0x82, .. "ab cd"u8],
            [.. Encoding.UTF8.GetBytes(new string('x', 70)), 0xF0, 0x9F, .. "tail words"u8],
        ];

        foreach (var bytes in inputs)
        {
            var decoded = Encoding.UTF8.GetString(bytes);
            featurizer.ScoreUtf8(bytes, weights, 0).Should().Be(Reference(featurizer, decoded, weights, 0), decoded);
        }
    }

    /// <summary>The UTF-16 featurizer's occurrences summed in order: what <c>Score</c> computed before the UTF-8 path.</summary>
    private static double Reference(HashedNgramFeaturizer featurizer, string text, float[] weights, double bias)
    {
        var sink = new SummingSink(weights);
        featurizer.Featurize(text, ref sink);
        return bias + ((sink.WordCount == 0 ? 0 : sink.Words / Math.Sqrt(sink.WordCount)) + (sink.CharCount == 0 ? 0 : sink.Chars / Math.Sqrt(sink.CharCount)));
    }

    private static IEnumerable<string> MixedTexts(int count, int seed)
    {
        var random = new Random(seed);
        string[] pieces =
        [
            "a", "Z", "0", "9", " ", "  ", "\t", "\n", "\r\n", ",", ".", "-", "_", "'", "\"", "\0", "\u007f",
            "é", "É", "ß", "İ", "ı", "ǅ", "Привет", "мир", "北京", "😀", "\u0085", "\u00a0", "\u2028", "\ufffd",
            "\ud800", "\udc00", "theorem", "Photosynthesis", "internationalisation", new string('q', 70),
        ];
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 320);
            while (text.Length < length)
            {
                if (random.Next(3) == 0)
                {
                    text.Append(pieces[random.Next(pieces.Length)]);
                }
                else
                {
                    text.Append((char)(random.Next(2) == 0 ? 'a' + random.Next(26) : 'A' + random.Next(26)));
                }
            }

            yield return text.ToString();
        }

        foreach (var document in PlantedQualityCorpus.Generate(50, seed: 5, targetChars: 2000))
        {
            yield return document.Text;
        }
    }

    private struct SummingSink(float[] weights) : IFeatureSink
    {
        public double Words;
        public double Chars;
        public int WordCount;
        public int CharCount;

        public void Word(int index)
        {
            Words += weights[index];
            WordCount++;
        }

        public void Char(int index)
        {
            Chars += weights[index];
            CharCount++;
        }
    }

    [Theory]
    [InlineData(9, 2, 4, 4, "bits")]
    [InlineData(20, 5, 4, 4, "word_ngrams")]
    [InlineData(20, 2, 5, 4, "char_ngram_max")]
    [InlineData(20, 0, 0, 0, "word_ngrams")]
    public void Constructor_InvalidOptions_ThrowNamingTheKey(int bits, int words, int charMin, int charMax, string key)
    {
        var act = () => Featurizer(bits, words, charMin, charMax);

        act.Should().Throw<Core.Configuration.OptionsValidationException>().Which.Key.Should().Be(key);
    }
}
