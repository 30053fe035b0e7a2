using MidTrain.Core.Records;
using MidTrain.Generators.Chunking;

namespace MidTrain.Generators.Tests.Chunking;

public sealed class PassageChunkerTests
{
    private const string Text = "The Bell Rock Lighthouse stands on a reef off Angus. It was built between 1807 and 1810 by R. Stevenson.\n\n"
        + "Its tower rises 35 metres. It used 2,835 blocks of stone, e.g. granite and sandstone! Was it automated? Yes, in 1988.\n\n"
        + "Short.";

    [Theory]
    [InlineData(40, 0)]
    [InlineData(80, 0)]
    [InlineData(120, 30)]
    [InlineData(2000, 0)]
    public void Chunk_AnyBudget_EveryPassageMapsBackToTheExactSourceSpan(int maxChars, int overlap)
    {
        var doc = new Document("d1", Text);
        var passages = new PassageChunker(new ChunkerOptions { MaxChars = maxChars, OverlapChars = overlap, MinChars = 10 }).Chunk(doc);

        passages.Should().NotBeEmpty();
        foreach (var passage in passages)
        {
            Text[passage.Start..passage.End].Should().Be(passage.Text);
            passage.Text.Length.Should().BeLessThanOrEqualTo(maxChars);
            passage.DocumentId.Should().Be("d1");
        }

        passages.Select(p => p.Index).Should().Equal(Enumerable.Range(0, passages.Count));
    }

    [Fact]
    public void Chunk_LargeBudget_KeepsParagraphsTogetherAndSkipsShortOnes()
    {
        var chunker = new PassageChunker(new ChunkerOptions { MaxChars = 118, MinChars = 20 });
        var passages = chunker.Chunk(new Document("d", Text));

        passages.Select(p => p.Text).Should().Equal(
            "The Bell Rock Lighthouse stands on a reef off Angus. It was built between 1807 and 1810 by R. Stevenson.",
            "Its tower rises 35 metres. It used 2,835 blocks of stone, e.g. granite and sandstone! Was it automated? Yes, in 1988.");
        chunker.SkippedShort.Should().Be(1, "'Short.' is below min_chars");
    }

    [Fact]
    public void Chunk_ParagraphOverBudget_CutsAtSentenceBoundariesNotAbbreviationsOrInitials()
    {
        var passages = new PassageChunker(new ChunkerOptions { MaxChars = 60, MinChars = 1 }).Chunk(new Document("d", Text));

        passages.Select(p => p.Text).Should().Contain("It was built between 1807 and 1810 by R. Stevenson.");
        passages.Select(p => p.Text).Should().Contain("It used 2,835 blocks of stone, e.g. granite and sandstone!");
    }

    [Fact]
    public void Chunk_Overlap_RepeatsTrailingSentences()
    {
        var passages = new PassageChunker(new ChunkerOptions { MaxChars = 90, OverlapChars = 40, MinChars = 1 }).Chunk(new Document("d", Text));

        passages.Zip(passages.Skip(1)).Should().Contain(pair => pair.First.End > pair.Second.Start, "consecutive passages share a sentence");
    }

    [Fact]
    public void Chunk_TokenBudget_IsHonoured()
    {
        static int Words(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var passages = new PassageChunker(new ChunkerOptions { MaxChars = 5000, MaxTokens = 8, CountTokens = Words, MinChars = 1 }).Chunk(new Document("d", Text));

        passages.Select(p => Words(p.Text)).Should().OnlyContain(n => n <= 8);
        passages.Should().HaveCountGreaterThan(4);
    }

    [Fact]
    public void Chunk_LongSentenceOverTokenBudget_IsHalvedInTextOrder()
    {
        // One 60-word sentence, budget 7 "tokens" (words): halving must yield pieces in order, each within budget.
        static int Words(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var text = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"w{i}")) + ".";
        var passages = new PassageChunker(new ChunkerOptions { MaxChars = 100_000, MaxTokens = 7, CountTokens = Words, MinChars = 1 }).Chunk(new Document("d", text));

        passages.Select(p => p.Start).Should().BeInAscendingOrder();
        passages.Select(p => Words(p.Text)).Should().OnlyContain(n => n <= 7);
        string.Join(' ', passages.Select(p => p.Text)).Should().Be(text);
    }

    [Fact]
    public void Chunk_UnbrokenTextLongerThanBudget_IsHardSplitWithoutLosingCharacters()
    {
        var text = new string('x', 250);
        var passages = new PassageChunker(new ChunkerOptions { MaxChars = 100, MinChars = 1 }).Chunk(new Document("d", text));

        passages.Sum(p => p.Text.Length).Should().Be(250);
        passages.Should().OnlyContain(p => p.Text.Length <= 100);
    }

    [Fact]
    public void Options_InvalidOverlap_NamesTheOption()
    {
        var act = () => new PassageChunker(new ChunkerOptions { MaxChars = 100, OverlapChars = 80 });
        act.Should().Throw<MidTrain.Core.Configuration.OptionsValidationException>().Which.Key.Should().Be("overlap_chars");
    }
}
