using MidTrain.Core.Components;
using MidTrain.Core.Contracts;

namespace MidTrain.Verifiers.Reasoning;

/// <summary><c>verify: reasoning_language</c>: the trace and the answer stay in the sample's language.</summary>
internal sealed class ReasoningLanguageVerifierFactory()
    : VerifierFactory<ReasoningLanguageOptions>(ReasoningLanguageVerifier.VerifierName, ReasoningLanguageVerifier.VerifierVersion, "Reasoning trace language: the share of trace sentences in another language than the sample's below a threshold, and the answer in its language.")
{
    public override string? FileAnswerField => "answer";

    protected override IVerifier Create(ReasoningLanguageOptions options, ComponentContext context) => new ReasoningLanguageVerifier(options, context.ResolvePath);
}
