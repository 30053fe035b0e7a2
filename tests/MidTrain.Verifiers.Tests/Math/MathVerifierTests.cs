using System.Text.Json;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Tests.Math;

public sealed class MathVerifierTests
{
    private static Sample Sample(string? gold, string? answer, string field = "gold") => new()
    {
        Id = "s1",
        Source = new SourceSpan("doc", 0, 0, 10),
        Messages = answer is null ? [new Message(Message.User, "What is 6*7?")] : [new Message(Message.User, "What is 6*7?"), new Message(Message.Assistant, answer)],
        Fields = gold is null ? null : new Dictionary<string, JsonElement> { [field] = JsonSerializer.SerializeToElement(gold) },
    };

    [Fact]
    public async Task VerifyAsync_CorrectAnswer_PassesWithDetails()
    {
        var verdict = await new MathVerifier().VerifyAsync(Sample("42", "6*7 is \\boxed{42}."));
        verdict.Outcome.Should().Be(VerdictOutcome.Pass);
        verdict.Name.Should().Be("math");
        verdict.Score.Should().Be(1.0);
        verdict.Details!.Value.GetProperty("gold_extracted").GetString().Should().Be("42");
        verdict.Details!.Value.GetProperty("prediction_extracted").GetString().Should().Be("42");
    }

    [Fact]
    public async Task VerifyAsync_WrongAnswer_Fails()
    {
        var verdict = await new MathVerifier().VerifyAsync(Sample("42", "6*7 is \\boxed{48}."));
        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Score.Should().Be(0.0);
    }

    [Fact]
    public async Task VerifyAsync_ConfiguredGoldField_IsUsed()
    {
        var verifier = new MathVerifier(new MathVerifierOptions { GoldField = "answer" });
        (await verifier.VerifyAsync(Sample("42", "\\boxed{42}", field: "answer"))).Outcome.Should().Be(VerdictOutcome.Pass);
        var missing = await verifier.VerifyAsync(Sample("42", "\\boxed{42}", field: "gold"));
        missing.Outcome.Should().Be(VerdictOutcome.Invalid);
        missing.Reason.Should().Contain("'answer'");
    }

    [Fact]
    public async Task VerifyAsync_NoAssistantMessage_IsInvalid()
    {
        var verdict = await new MathVerifier().VerifyAsync(Sample("42", null));
        verdict.Outcome.Should().Be(VerdictOutcome.Invalid);
        verdict.Reason.Should().Contain("assistant");
    }
}
