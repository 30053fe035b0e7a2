using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>Keys of <c>verify: reasoning_answer</c>. Defaults live here only.</summary>
public sealed class ReasoningAnswerOptions : ReasoningCheckOptions
{
    /// <summary>How the two answers are compared (the keys of <c>verify: math</c>: precision, strict, time bound…).</summary>
    public MathVerifierOptions Math { get; set; } = new();

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Math.Validate();
    }
}
