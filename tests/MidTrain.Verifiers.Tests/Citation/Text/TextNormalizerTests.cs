using MidTrain.Verifiers.Citation.Text;

namespace MidTrain.Verifiers.Tests.Citation.Text;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("The  Quick\n\tBrown", "the quick brown")]
    [InlineData("\u201CIt\u2019s\u201D \u2014 said", "\"it's\" - said")]
    [InlineData("\uFB01ne \uFF21\uFF22 \u2460", "fine ab 1")] // ligature, full-width letters, circled digit (NFKC)
    [InlineData("Cafe\u0301 caf\u00E9", "caf\u00E9 caf\u00E9")] // decomposed and composed accents agree
    [InlineData("infor-\nmation well-known", "information well-known")]
    [InlineData("co\u00ADoperate", "cooperate")]
    [InlineData("  padded  ", "padded")]
    [InlineData("\u039F\u0394\u039F\u03A3", "\u03BF\u03B4\u03BF\u03C3")] // Greek upper case folds, final sigma to sigma
    public void Normalize_TypographicVariants_FoldToSameText(string raw, string expected)
    {
        new TextNormalizer().Normalize(raw).Text.Should().Be(expected);
    }

    [Fact]
    public void Normalize_FoldDiacritics_DropsAccentsAndStrokes()
    {
        new TextNormalizer(foldDiacritics: true).Normalize("Żółć Øre Ελλάδα e\u0301").Text.Should().Be("zolc ore ελλαδα e");
    }

    [Fact]
    public void ToRawSpan_AfterCollapsingAndDehyphenation_PointsAtRawCharacters()
    {
        const string raw = "  The infor-\n  mation\u00A0age \uFB01ts.";
        var normalized = new TextNormalizer().Normalize(raw);
        normalized.Text.Should().Be("the information age fits.");

        var word = normalized.Text.IndexOf("information", StringComparison.Ordinal);
        var (start, end) = normalized.ToRawSpan(word, word + "information".Length);
        raw[start..end].Should().Be("infor-\n  mation");

        var fi = normalized.Text.IndexOf("fits", StringComparison.Ordinal);
        var (fiStart, fiEnd) = normalized.ToRawSpan(fi, fi + 2);
        raw[fiStart..fiEnd].Should().Be("\uFB01", "both letters of the ligature map to the one raw character");
        normalized.ToRawSpan(0, normalized.Length).Should().Be((2, raw.Length));
    }

    [Fact]
    public void ToRawSpan_ComposedAccent_CoversBaseAndMark()
    {
        const string raw = "Cafe\u0301!";
        var normalized = new TextNormalizer().Normalize(raw);
        normalized.Text.Should().Be("caf\u00E9!");
        normalized.ToRawSpan(3, 4).Should().Be((3, 5));
        normalized.ToRawSpan(4, 5).Should().Be((5, 6));
    }
}
