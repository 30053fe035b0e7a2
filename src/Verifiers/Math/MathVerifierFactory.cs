using MidTrain.Core.Components;
using MidTrain.Core.Contracts;

namespace MidTrain.Verifiers.Math;

/// <summary><c>verify: math</c> / <c>midtrain verify math</c>: answer equivalence against a gold answer.</summary>
internal sealed class MathVerifierFactory()
    : VerifierFactory<MathVerifierOptions>(MathVerifier.VerifierName, MathVerifier.VerifierVersion, "Extracts the final answer and checks its equivalence with the gold answer (fields.gold), as Math-Verify does.")
{
    public override string? FileAnswerField => "prediction";

    protected override IVerifier Create(MathVerifierOptions options, ComponentContext context) => new MathVerifier(options, context.TimeProvider);
}
