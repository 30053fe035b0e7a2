using System.Text.Json;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

[Collection(SandboxTestKit.Collection)]
public sealed class CodeVerifierTests
{
    private static Sample HumanEvalSample(string answer) => new()
    {
        Id = "he",
        Source = new SourceSpan("HumanEval/0", 0, 0, 0),
        Messages = [new Message(Message.User, "Complete the function."), new Message(Message.Assistant, answer)],
        Fields = new Dictionary<string, JsonElement>
        {
            ["prompt"] = JsonSerializer.SerializeToElement("from typing import List\n\n\ndef total(xs: List[int]) -> int:\n    \"\"\"Sum of xs.\"\"\"\n"),
            ["test"] = JsonSerializer.SerializeToElement("def check(candidate):\n    assert candidate([1, 2, 3]) == 6\n    assert candidate([]) == 0\n"),
            ["entry_point"] = JsonSerializer.SerializeToElement("total"),
        },
    };

    [SkippableFact]
    public async Task VerifyAsync_AssistantAnswersWithAFullFencedFunction_PassWithExecutionDetails()
    {
        var verifier = new CodeVerifier(SandboxTestKit.Create());
        var verdict = await verifier.VerifyAsync(HumanEvalSample("Here:\n```python\ndef total(xs: List[int]) -> int:\n    return sum(xs)\n```"));
        verdict.Outcome.Should().Be(VerdictOutcome.Pass, verdict.Reason);
        verdict.Name.Should().Be("code");
        verdict.Score.Should().Be(1);
        verdict.Details!.Value.GetProperty("status").GetString().Should().Be("passed");
        verdict.Details.Value.GetProperty("format").GetString().Should().Be("humaneval");
    }

    [SkippableFact]
    public async Task VerifyAsync_AssistantAnswersWithABodyThatIsWrong_FailWithStatusFailed()
    {
        var verifier = new CodeVerifier(SandboxTestKit.Create());
        var verdict = await verifier.VerifyAsync(HumanEvalSample("    return len(xs)\n"));
        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Reason.Should().StartWith("failed: exit code 1");
        verdict.Details!.Value.GetProperty("stderr").GetString().Should().Contain("AssertionError");
    }

    [SkippableFact]
    public async Task VerifyAsync_NoFields_InvalidNamingWhatIsMissing()
    {
        var verifier = new CodeVerifier(SandboxTestKit.Create());
        var verdict = await verifier.VerifyAsync(HumanEvalSample("x") with { Fields = null });
        verdict.Outcome.Should().Be(VerdictOutcome.Invalid);
        verdict.Reason.Should().Contain("no tests");
    }
}
