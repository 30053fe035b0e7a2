using System.Text.Json.Nodes;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Citation;
using MidTrain.Verifiers.Citation.Quotes;

namespace MidTrain.Verifiers.Tests.Citation;

public sealed class CitationCheckerTests
{
    private const string Source =
        "Velmora is a small harbour town on the northern coast of the Oskar Peninsula. It was founded in 1387 by fishermen " +
        "from the island of Tarrin, who built the first stone pier two years later. The town grew rapidly after the salt " +
        "trade opened in 1512, and by 1600 it counted nearly 4,200 inhabitants.";

    private readonly CitationChecker _checker = new();

    [Fact]
    public void CheckQuote_NoisyTrueQuote_SupportedWithRawSpan()
    {
        var source = _checker.CreateSource("s", Source);
        var check = _checker.CheckQuote(new Quote("\u201CIt was FOUNDED in 1387 by fisher-\nmen from the is1and of Tarrin\u201D", "s"), [source]);
        check.Supported.Should().BeTrue(check.Reason);
        Source[check.Span!.Value.Start..check.Span.Value.End].Should().Be("It was founded in 1387 by fishermen from the island of Tarrin");
        check.SourceText.Should().Be("It was founded in 1387 by fishermen from the island of Tarrin");
        check.Identity.Should().BeGreaterThan(0.95);
    }

    [Theory]
    [InlineData("It was founded in 1388 by fishermen from the island of Tarrin", "number")]
    [InlineData("It was founded in 1387 by fishermen from the island of Corsica", "word")]
    [InlineData("It was not founded in 1387 by fishermen from the island of Tarrin", "word")]
    public void CheckQuote_OneDecisiveChange_Unsupported(string quote, string reason)
    {
        var check = _checker.CheckQuote(new Quote(quote, null), [_checker.CreateSource("s", Source)]);
        check.Supported.Should().BeFalse();
        check.Reason.Should().Contain(reason);
    }

    [Fact]
    public void CheckQuote_EllipsisFragmentsInOrder_Supported_OutOfOrder_Unsupported()
    {
        var source = _checker.CreateSource("s", Source);
        var inOrder = _checker.CheckQuote(new Quote("Velmora is a small harbour town (\u2026) who built the first stone pier two years later", null), [source]);
        inOrder.Supported.Should().BeTrue(inOrder.Reason);
        inOrder.Fragments.Should().Be(2);
        inOrder.SourceText.Should().StartWith("Velmora is a small harbour town").And.EndWith("two years later");

        var reversed = _checker.CheckQuote(new Quote("who built the first stone pier two years later ... Velmora is a small harbour town", null), [source]);
        reversed.Supported.Should().BeFalse();
    }

    [Fact]
    public void Check_MissingCitedSource_Invalid()
    {
        var report = _checker.Check([_checker.CreateSource("a", Source)], [new Quote("founded in 1387", "b")]);
        report.Outcome.Should().Be(VerdictOutcome.Invalid);
        report.Reason.Should().Contain("'b'");
    }

    [Fact]
    public void Check_NoQuotes_Invalid()
    {
        _checker.Check([_checker.CreateSource("a", Source)], []).Outcome.Should().Be(VerdictOutcome.Invalid);
    }

    [Fact]
    public void Check_AnswerCopyingSourceUnmarked_ReportsReuse()
    {
        var answer = "In short: the town grew rapidly after the salt trade opened in 1512, and by 1600 it counted nearly 4,200 inhabitants. " +
                     "It is \"a small harbour town\" [s].";
        var report = _checker.Check([_checker.CreateSource("s", Source)], QuoteExtractor.Extract(answer), answer);
        report.Outcome.Should().Be(VerdictOutcome.Pass);
        var span = report.Reuse!.Spans.Should().ContainSingle(s => !s.Marked).Subject;
        answer[span.AnswerStart..span.AnswerEnd].Should().Contain("the town grew rapidly after the salt trade opened in 1512");
        report.Reuse.UnmarkedCoverage.Should().BeGreaterThan(0.4);
    }

    [Fact]
    public async Task VerifyLine_SourcesAndAnswer_WritesPerQuoteVerdict()
    {
        var line = new JsonObject
        {
            ["sources"] = new JsonObject { ["1"] = Source, ["2"] = "Another text entirely." },
            ["answer"] = "Velmora \"was founded in 1387 by fishermen\" [1] and \"counted nearly 4,300 inhabitants\" [1].",
        };
        var verdict = await VerifierFiles.VerifyLineAsync(VerifierFiles.Create("citation"), "citation", line);
        verdict["outcome"]!.GetValue<string>().Should().Be("fail");
        var quotes = verdict["quotes"]!.AsArray();
        quotes.Should().HaveCount(2);
        quotes[0]!["supported"]!.GetValue<bool>().Should().BeTrue();
        quotes[0]!["source_id"]!.GetValue<string>().Should().Be("1");
        var span = quotes[0]!["span"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        Source[span[0]..span[1]].Should().Be(quotes[0]!["source_text"]!.GetValue<string>());
        quotes[1]!["supported"]!.GetValue<bool>().Should().BeFalse();
    }

    [Theory]
    [InlineData("{\"answer\":\"x\"}", "no source")]
    [InlineData("{\"source\":\"x\"}", "no answer")]
    [InlineData("{\"source\":\"x\",\"quotes\":[1]}", "quotes")]
    [InlineData("{\"source\":\"x\",\"quotes\":[]}", "nothing to check")]
    public async Task VerifyLine_MalformedLine_Invalid(string json, string reason)
    {
        var verdict = await VerifierFiles.VerifyLineAsync(VerifierFiles.Create("citation"), "citation", json);
        verdict["outcome"]!.GetValue<string>().Should().Be("invalid");
        verdict["reason"]!.GetValue<string>().Should().Contain(reason);
    }

    [Fact]
    public async Task VerifyAsync_SampleQuotingItsPassage_Passes()
    {
        var sample = new Sample
        {
            Id = "x",
            Source = new SourceSpan("doc", 0, 0, Source.Length) { Text = Source },
            Messages = [new Message(Message.User, "When was Velmora founded?"), new Message(Message.Assistant, "In 1387: \"It was founded in 1387 by fishermen\" [1].")],
        };
        var verdict = await new CitationVerifier().VerifyAsync(sample);
        verdict.Outcome.Should().Be(VerdictOutcome.Pass, verdict.Reason);
        verdict.Details!.Value.GetProperty("quotes").GetArrayLength().Should().Be(1);
        verdict.Details.Value.GetProperty("quotes")[0].GetProperty("source_id").GetString().Should().Be("passage");
    }
}
