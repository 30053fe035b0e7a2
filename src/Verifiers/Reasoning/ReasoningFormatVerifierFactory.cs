using MidTrain.Core.Components;
using MidTrain.Core.Contracts;

namespace MidTrain.Verifiers.Reasoning;

/// <summary><c>verify: reasoning_format</c>: one balanced, non-nested trace, then an answer, and no second trace.</summary>
internal sealed class ReasoningFormatVerifierFactory()
    : VerifierFactory<ReasoningFormatOptions>(ReasoningFormatVerifier.VerifierName, ReasoningFormatVerifier.VerifierVersion, "Reasoning trace format: tags balanced and not nested, an answer after the trace, no second trace.")
{
    public override string? FileAnswerField => "answer";

    protected override IVerifier Create(ReasoningFormatOptions options, ComponentContext context) => new ReasoningFormatVerifier(options);
}
