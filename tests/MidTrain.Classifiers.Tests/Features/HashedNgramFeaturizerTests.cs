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
