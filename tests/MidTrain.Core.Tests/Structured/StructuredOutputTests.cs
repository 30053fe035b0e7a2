using System.Text.Json;
using MidTrain.Core.Structured;

namespace MidTrain.Core.Tests.Structured;

public sealed class StructuredOutputTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type": "object", "required": ["rationale", "score"], "additionalProperties": false,
         "properties": {"rationale": {"type": "string", "minLength": 2, "maxLength": 40}, "score": {"type": "integer", "minimum": 1, "maximum": 5}}}
        """).RootElement;

    [Theory]
    [InlineData("""{"rationale": "ok", "score": 4}""")]
    [InlineData("```json\n{\"rationale\": \"ok\", \"score\": 4}\n```")]
    [InlineData("Sure, here it is: {\"rationale\": \"ok\", \"score\": 4} — hope that helps {not json}")]
    [InlineData("{\"rationale\": \"a } inside a string\", \"score\": 4}")]
    public void TryRead_ObjectInProseFencesOrWithBracesInStrings_IsFound(string text)
    {
        StructuredOutput.TryRead(text, Schema, out var value, out var error).Should().BeTrue(error);
        value.GetProperty("score").GetInt32().Should().Be(4);
    }

    [Theory]
    [InlineData("", "the reply was empty")]
    [InlineData("I would give it a four.", "the reply contains no JSON object")]
    [InlineData("""{"rationale": "ok", "score": 9}""", "$.score: above the maximum 5")]
    [InlineData("""{"rationale": "ok"}""", "$: missing required property 'score'")]
    [InlineData("""{"rationale": "ok", "score": 4, "extra": 1}""", "$: unexpected property 'extra'")]
    [InlineData("""{"rationale": "x", "score": 4}""", "$.rationale: shorter than 2 characters")]
    [InlineData("""{"rationale": 5, "score": 4}""", "$.rationale: expected string, got number")]
    public void TryRead_UnusableReply_SaysWhyForTheCorrection(string text, string reason)
    {
        StructuredOutput.TryRead(text, Schema, out _, out var error).Should().BeFalse();
        error.Should().Contain(reason);
    }

    [Fact]
    public void ExtractObject_UnbalancedFirstBrace_FindsTheNextBalancedObject()
    {
        StructuredOutput.ExtractObject("a { b {\"k\": 1}", out var start).Should().Be("{\"k\": 1}");
        start.Should().Be(6);
        StructuredOutput.ExtractObject("no object here", out start).Should().BeNull();
        start.Should().Be(-1);
    }

    [Fact]
    public void ExtractObject_LeadingTraceWithBraces_ReadsTheObjectAfterTheTrace()
    {
        var text = "<think>\nThe schema is {rationale, score}; maybe {\"score\": 1}? No.\n</think>\n\n{\"rationale\": \"clear\", \"score\": 4}";

        StructuredOutput.ExtractObject(text, out var start).Should().Be("{\"rationale\": \"clear\", \"score\": 4}");
        text[start..].Should().StartWith("{\"rationale\": \"clear\"");
        StructuredOutput.TryRead(text, Schema, out var value, out _).Should().BeTrue();
        value.GetProperty("score").GetInt32().Should().Be(4);
    }

    [Fact]
    public void TryRead_UnterminatedTrace_SaysThereIsNoAnswer()
    {
        StructuredOutput.TryRead("<think>{\"score\": 4} hmm, let me reconsider", Schema, out _, out var error).Should().BeFalse();
        error.Should().Be("the reply holds only an unterminated reasoning trace, no answer after it");
    }

    [Fact]
    public void CorrectionMessage_NamesTheProblem() =>
        StructuredOutput.CorrectionMessage("the reply was empty").Should().StartWith("Your previous reply could not be used: the reply was empty.");
}
