using MidTrain.Verifiers.Citation.Quotes;

namespace MidTrain.Verifiers.Tests.Citation.Quotes;

public sealed class QuoteExtractorTests
{
    [Fact]
    public void Extract_PleiasRefs_ReturnsTextAndName()
    {
        const string answer = "The pier came soon after <ref name=\"<|source_id|>2\">\"the first stone pier two years later\"</ref>.";
        var quote = QuoteExtractor.Extract(answer).Should().ContainSingle().Subject;
        quote.Text.Should().Be("the first stone pier two years later");
        quote.SourceId.Should().Be("<|source_id|>2");
        answer[quote.AnswerStart..quote.AnswerEnd].Should().Be(quote.Text);
    }

    [Fact]
    public void Extract_QuotedTextWithMarkers_StraightAndCurlyQuotes()
    {
        const string answer = "It says \"founded in 1387\" [1] and also \u201Cstands 38 metres tall\u201D [2, 3]. Unmarked \"words\" stay out.";
        var quotes = QuoteExtractor.Extract(answer);
        quotes.Select(q => (q.Text, q.SourceId)).Should().Equal(("founded in 1387", "1"), ("stands 38 metres tall", "2"));
    }

    [Fact]
    public void Extract_MarkdownBlockQuote_WithTrailingOrNextLineMarker()
    {
        const string answer = "Intro.\n\n> The town grew rapidly\n> after the salt trade opened. [a]\n\nThen:\n> A severe storm destroyed the warehouses.\n\u2014 [b]\n";
        var quotes = QuoteExtractor.Extract(answer);
        quotes.Select(q => (q.Text, q.SourceId)).Should().Equal(
            ("The town grew rapidly\nafter the salt trade opened.", "a"),
            ("A severe storm destroyed the warehouses.", "b"));
    }

    [Fact]
    public void Extract_NothingQuoted_ReturnsEmpty()
    {
        QuoteExtractor.Extract("A plain answer with no citation at all.").Should().BeEmpty();
    }
}
