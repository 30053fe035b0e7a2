using System.Text.Json;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Citation;

namespace MidTrain.Verifiers.Tests.Citation;

/// <summary>The citation verifier on long-context samples: quotes are aligned to the document they cite, only.</summary>
public sealed class LongContextCitationTests
{
    private static readonly LongContext Context = TestSamples.Context();
    private readonly CitationVerifier _verifier = new();

    /// <summary>A long-context sample over <see cref="Context"/> whose answer quotes <paramref name="quotes"/> (text, cited document).</summary>
    private static Sample Sample(IEnumerable<(string Text, string Cite)> quotes, int minDocuments = 1, IReadOnlyList<ContextEvidence>? evidence = null, string questionFirst = "")
    {
        var answer = "The answer." + string.Concat(quotes.Select(q => $"\n\n> {q.Text} [{q.Cite}]"));
        var user = questionFirst + Context.Text + "\n\nWhen was it built?";
        evidence ??= [new ContextEvidence { Document = 3, Start = Context.Documents[2].Start, End = Context.Documents[2].End, Depth = 0.5, TargetDepth = 0.5 }];
        return new Sample
        {
            Id = "lc",
            Source = new SourceSpan(Context.Id, 0, 0, Context.Text.Length),
            Messages = [new Message(Message.User, user), new Message(Message.Assistant, answer)],
            Fields = new Dictionary<string, JsonElement>
            {
                [LongContextFields.Context] = JsonSerializer.SerializeToElement(ContextLayout.Of(Context, questionFirst.Length), JsonDefaults.Options),
                [LongContextFields.Evidence] = JsonSerializer.SerializeToElement(evidence, JsonDefaults.Options),
                [LongContextFields.MinDocuments] = JsonSerializer.SerializeToElement(minDocuments),
            },
        };
    }

    [Theory]
    [InlineData("Document 3", "")]
    [InlineData("3", "")]
    [InlineData("Document 3", "When was it built?\n\n")]
    public async Task VerifyAsync_QuoteFromTheCitedDocument_Passes(string cite, string questionFirst)
    {
        var verdict = await _verifier.VerifyAsync(Sample([("It was built between 1807 and 1810.", cite)], questionFirst: questionFirst));

        verdict.Outcome.Should().Be(VerdictOutcome.Pass, verdict.Reason);
        var details = verdict.Details!.Value;
        details.GetProperty("documents_cited").GetInt32().Should().Be(1);
        var quote = details.GetProperty("quotes")[0];
        quote.GetProperty("source_id").GetString().Should().Be("3");
        var span = quote.GetProperty("span");
        TestSamples.ContextDocuments[2].Text[span[0].GetInt32()..span[1].GetInt32()].Should().Be("It was built between 1807 and 1810.", "spans are in the cited document's text");
    }

    [Fact]
    public async Task VerifyAsync_TrueQuoteAttributedToTheWrongDocument_Fails()
    {
        // The sentence is in document 3 (Bell Rock), cited as document 2 (Aletsch): found in the context, but not where it claims.
        var verdict = await _verifier.VerifyAsync(Sample([("It was built between 1807 and 1810.", "Document 2")]));

        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Details!.Value.GetProperty("quotes")[0].GetProperty("source_id").GetString().Should().Be("2");
        verdict.Details!.Value.GetProperty("quotes")[0].GetProperty("supported").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task VerifyAsync_QuoteCitingADocumentTheContextLacks_Fails()
    {
        var verdict = await _verifier.VerifyAsync(Sample([("It was built between 1807 and 1810.", "Document 9")]));

        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Reason.Should().Be("quote 1 cites 'Document 9', which is not a document of the context (documents 1, 2, 3, 4)");
    }

    [Fact]
    public async Task VerifyAsync_QuoteWithoutCitation_Fails()
    {
        var cited = Sample([("It was built between 1807 and 1810.", "Document 3")]);
        var sample = cited with { Messages = [cited.Messages[0], new Message(Message.Assistant, cited.LastAssistantContent + "\n\n> Its light was automated in 1988.")] };

        var verdict = await _verifier.VerifyAsync(sample);

        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Reason.Should().Contain("cites no document");
    }

    [Fact]
    public async Task VerifyAsync_QuoteFromOutsideTheContext_Fails()
    {
        var verdict = await _verifier.VerifyAsync(Sample([("The lighthouse was painted red and white in 1902.", "Document 3")]));

        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
    }

    [Fact]
    public async Task VerifyAsync_MultiHopCitingOneDocument_Fails_CitingTwo_Passes()
    {
        var oneDocument = await _verifier.VerifyAsync(Sample([("It was built between 1807 and 1810.", "Document 3"), ("Its light was automated in 1988.", "Document 3")], minDocuments: 2));
        var twoDocuments = await _verifier.VerifyAsync(Sample([("It was built between 1807 and 1810.", "Document 3"), ("It is 330 metres tall.", "Document 1")], minDocuments: 2));

        oneDocument.Outcome.Should().Be(VerdictOutcome.Fail);
        oneDocument.Reason.Should().Contain("needs evidence from at least 2");
        twoDocuments.Outcome.Should().Be(VerdictOutcome.Pass, twoDocuments.Reason);
        twoDocuments.Details!.Value.GetProperty("documents_cited").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task VerifyAsync_RecordedEvidenceOutsideItsDocument_Fails()
    {
        var outside = new ContextEvidence { Document = 2, Start = Context.Documents[2].Start, End = Context.Documents[2].End, Depth = 0.5, TargetDepth = 0.5 };

        var verdict = await _verifier.VerifyAsync(Sample([("It was built between 1807 and 1810.", "Document 3")], evidence: [outside]));

        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Reason.Should().Contain("evidence 1 (document 2").And.Contain("lies outside");
    }

    [Fact]
    public async Task VerifyAsync_LayoutBeyondTheUserTurn_IsInvalid()
    {
        var sample = Sample([("It was built between 1807 and 1810.", "Document 3")]);
        sample = sample with { Messages = [new Message(Message.User, Context.Text[..100]), sample.Messages[1]] };

        var verdict = await _verifier.VerifyAsync(sample);

        verdict.Outcome.Should().Be(VerdictOutcome.Invalid);
        verdict.Reason.Should().Contain("does not match the user turn");
    }
}
