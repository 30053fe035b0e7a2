using System.Buffers;
using MidTrain.Filters.Text;

namespace MidTrain.Filters.Tests.Text;

public sealed class WordTokenizerTests
{
    [Theory]
    [InlineData("Hello,   World!", "hello world")]
    [InlineData("  leading and trailing\t\n", "leading and trailing")]
    [InlineData("has_close_elements(numbers, 0.5)", "has close elements numbers 0 5")]
    [InlineData("ﬁle ＦＵＬＬ ＷＩＤＴＨ", "file full width")] // NFKC: ligature and full-width forms
    [InlineData("don't don’t", "dont dont")] // apostrophes join
    [InlineData("Ελλάς ΣΟΦΟΣ", "ελλάσ σοφοσ")] // Greek case folding; final sigma folds to sigma
    [InlineData("我爱你 ok", "我 爱 你 ok")] // unspaced scripts: one word per character
    [InlineData("x²+y²", "x2 y2")] // superscripts are their digits under NFKC
    [InlineData("soft\u00ADhyphen zero\u200Bwidth", "softhyphen zerowidth")]
    [InlineData("— “quoted” —", "quoted")]
    public void Normalize_Text_FoldsCasePunctuationAndCompatibilityForms(string raw, string expected) =>
        WordTokenizer.Normalize(raw).Should().Be(expected);

    [Fact]
    public void Normalize_DecomposedAccent_EqualsComposed() =>
        WordTokenizer.Normalize("Cafe\u0301 RE\u0301SUME\u0301").Should().Be(WordTokenizer.Normalize("café résumé")).And.Be("café résumé");

    [Fact]
    public void Hash_Words_KeepRawSpans()
    {
        const string raw = "  Ab,  ﬁne\u0301 cd ";
        var words = Array.Empty<NormalizedWord>();
        var count = WordTokenizer.Hash(raw, ref words);
        try
        {
            count.Should().Be(3);
            raw[words[0].Start..words[0].End].Should().Be("Ab");
            raw[words[1].Start..words[1].End].Should().Be("ﬁne\u0301");
            raw[words[2].Start..words[2].End].Should().Be("cd");
        }
        finally
        {
            ArrayPool<NormalizedWord>.Shared.Return(words);
        }
    }

    [Fact]
    public void Hash_EquivalentTexts_GiveEqualWordHashes()
    {
        HashesOf("The CAT sat, on the MAT!").Should().Equal(HashesOf("the cat sat on the mat"));
        HashesOf("the cat sat").Should().NotEqual(HashesOf("the cat sit"));
    }

    [Fact]
    public void Hash_ManyWords_GrowsThePooledBuffer()
    {
        var text = string.Join(' ', Enumerable.Range(0, 5000).Select(i => "w" + i));
        HashesOf(text).Should().HaveCount(5000).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void Combine_Order_Matters()
    {
        var a = HashWords("alpha beta gamma");
        var b = HashWords("gamma beta alpha");
        WordTokenizer.Combine(a, 1).Should().NotBe(WordTokenizer.Combine(b, 1));
        WordTokenizer.Combine(a, 1).Should().Be(WordTokenizer.Combine(HashWords("ALPHA, beta; gamma."), 1));
        WordTokenizer.Combine(a, 1).Should().NotBe(WordTokenizer.Combine(a, 2));
    }

    private static ulong[] HashesOf(string text) => HashWords(text).Select(w => w.Hash).ToArray();

    private static NormalizedWord[] HashWords(string text)
    {
        var words = Array.Empty<NormalizedWord>();
        var count = WordTokenizer.Hash(text, ref words);
        var result = words.AsSpan(0, count).ToArray();
        if (words.Length > 0)
        {
            ArrayPool<NormalizedWord>.Shared.Return(words);
        }

        return result;
    }
}
