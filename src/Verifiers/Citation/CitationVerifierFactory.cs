using MidTrain.Core.Components;
using MidTrain.Core.Contracts;

namespace MidTrain.Verifiers.Citation;

/// <summary><c>verify: citation</c> / <c>midtrain verify citation</c>: quotes aligned to their sources (Smith-Waterman).</summary>
internal sealed class CitationVerifierFactory()
    : VerifierFactory<CitationOptions>(CitationVerifier.VerifierName, CitationVerifier.VerifierVersion, "Aligns every quote of the answer to its cited source (SIMD Smith-Waterman); changed numbers or words refute.")
{
    public override string? FileAnswerField => "answer";

    protected override IVerifier Create(CitationOptions options, ComponentContext context) => new CitationVerifier(options);
}
