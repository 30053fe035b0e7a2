using MidTrain.Core.Components;
using MidTrain.Core.Contracts;

namespace MidTrain.Verifiers.Reasoning;

/// <summary><c>verify: reasoning_repetition</c>: no n-gram loops, no sentence over and over, no degenerate ending.</summary>
internal sealed class ReasoningRepetitionVerifierFactory()
    : VerifierFactory<ReasoningRepetitionOptions>(ReasoningRepetitionVerifier.VerifierName, ReasoningRepetitionVerifier.VerifierVersion, "Reasoning trace repetition: repeated n-gram loops, the same sentence over and over, degenerate endings.")
{
    public override string? FileAnswerField => "answer";

    protected override IVerifier Create(ReasoningRepetitionOptions options, ComponentContext context) => new ReasoningRepetitionVerifier(options);
}
