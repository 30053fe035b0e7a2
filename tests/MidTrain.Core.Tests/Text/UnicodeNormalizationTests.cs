using MidTrain.Core.Text;

namespace MidTrain.Core.Tests.Text;

public sealed class UnicodeNormalizationTests
{
    [Theory]
    [InlineData('\uFB01', "fi")] // ligature
    [InlineData('\uFF21', "A")] // full-width A
    [InlineData('\u00A0', " ")] // no-break space
    [InlineData('\u00B2', "2")] // superscript two
    public void TryGetCompatibilityForm_CompatibilityCharacters_GiveTheirNfkcForm(char c, string form)
    {
        UnicodeNormalization.TryGetCompatibilityForm(c, out var actual).Should().BeTrue();
        actual.Should().Be(form);
    }

    [Fact]
    public void TryGetCompatibilityForm_PlainCharacters_HaveNone()
    {
        UnicodeNormalization.TryGetCompatibilityForm('a', out _).Should().BeFalse();
        UnicodeNormalization.TryGetCompatibilityForm('é', out _).Should().BeFalse();
    }

    [Fact]
    public void TryCompose_BaseAndMark_GiveTheComposite()
    {
        UnicodeNormalization.TryCompose('e', '\u0301', out var composite).Should().BeTrue();
        composite.Should().Be('é');
        UnicodeNormalization.TryCompose('q', '\u0301', out _).Should().BeFalse();
    }

    [Theory]
    [InlineData('é', "e")]
    [InlineData('ø', "o")] // no decomposition: folded by hand
    [InlineData('Ł', "L")]
    public void TryGetFormWithoutDiacritics_AccentedLetters_LoseTheirMarks(char c, string form)
    {
        UnicodeNormalization.TryGetFormWithoutDiacritics(c, out var actual).Should().BeTrue();
        actual.Should().Be(form);
    }

    [Fact]
    public void StringNormalize_UnderInvariantGlobalization_IsWhyTheTablesExist()
    {
        // The pitfall the tables work around: with InvariantGlobalization, Normalize leaves non-ASCII text unchanged.
        "\uFB01".Normalize(System.Text.NormalizationForm.FormKC).Should().Be("\uFB01");
    }
}
