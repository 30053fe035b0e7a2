using MidTrain.Core.Components;
using MidTrain.Core.Contracts;

namespace MidTrain.Verifiers.Reasoning;

/// <summary><c>verify: reasoning_answer</c>: the answer the trace reaches equals the final (boxed) answer.</summary>
internal sealed class ReasoningAnswerVerifierFactory()
    : VerifierFactory<ReasoningAnswerOptions>(ReasoningAnswerVerifier.VerifierName, ReasoningAnswerVerifier.VerifierVersion, "Reasoning/answer consistency for math: the trace's final answer equals the boxed answer after it (math equivalence).")
{
    public override string? FileAnswerField => "answer";

    protected override IVerifier Create(ReasoningAnswerOptions options, ComponentContext context) => new ReasoningAnswerVerifier(options, context.TimeProvider);
}
