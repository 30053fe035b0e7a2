using MidTrain.Core.Configuration;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// Settings of the math verifier (the keys of <c>verify: math</c>). Validated by <see cref="Validate"/> (called by the
/// verifier's constructor); the verifier keeps its own copy (<see cref="Clone"/>), so later changes to an instance do
/// not affect it.
/// </summary>
public sealed class MathVerifierOptions : IValidatableOptions
{
    /// <summary>
    /// Digits after the decimal point to which both sides are rounded when either is a number written with a decimal
    /// point (or a percentage of one) — Math-Verify's <c>float_rounding</c>, with its semantics: ties round to even
    /// (SymPy's <c>round</c>: at 2 digits 0.125 → 0.12, 0.375 → 0.38), rounding is by decimal places at every
    /// magnitude with no relative tolerance (123456789.123456789 matches 123456789.123457 but not 123456789.123456),
    /// exact numbers (integers, fractions, <c>\sqrt{4}</c>) are rounded exactly, and an irrational side (√2, π) from its
    /// double value. Nothing else is rounded: two exact numbers compare exactly, other constant expressions by value
    /// (to about 1e-9 relative, standing in for Math-Verify's symbolic test), and expressions with variables at sample
    /// points without rounding, so <c>2.0000001x</c> does not match <c>2x</c>. One approximation of ours: an irrational
    /// side too large for a double to carry this many decimals (|x| ≥ 10^(15 − precision)) is compared within one
    /// rounding step plus four units in the last place. Between 0 and 15; default 6.
    /// </summary>
    public int Precision { get; set; } = 6;

    /// <summary>When true (default), variable names must match: <c>f(x)</c> is not <c>f(y)</c>.</summary>
    public bool Strict { get; set; } = true;

    /// <summary>When true, a gold set or interval also matches a prediction written as a relation (<c>x∈[-2,7]</c> vs <c>-2≤x≤7</c>). Default false.</summary>
    [ConfigKey("allow_set_relation_comp")]
    public bool AllowSetRelationComparison { get; set; }

    /// <summary>Hard bound on one check; past it the verdict is <c>invalid</c>. Default 1 second.</summary>
    [ConfigKey("time_bound_ms")]
    public TimeSpan TimeBound { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deterministic bound on the work of one check (parser and evaluator steps). Default 2,000,000.</summary>
    public long MaxSteps { get; set; } = 2_000_000;

    /// <summary>The <c>Sample.Fields</c> key holding the gold answer (pipeline stage). Default <c>gold</c>.</summary>
    public string GoldField { get; set; } = "gold";

    /// <summary>Throws <see cref="OptionsValidationException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (Precision is < 0 or > 15)
        {
            throw new OptionsValidationException("precision", $"must be between 0 and 15 digits, got {Precision}");
        }

        if (TimeBound <= TimeSpan.Zero || TimeBound > TimeSpan.FromMinutes(10))
        {
            throw new OptionsValidationException("time_bound_ms", "must be positive and at most 10 minutes");
        }

        if (MaxSteps < 1000)
        {
            throw new OptionsValidationException("max_steps", $"must be at least 1000, got {MaxSteps}");
        }

        if (string.IsNullOrWhiteSpace(GoldField))
        {
            throw new OptionsValidationException("gold_field", "must name a field");
        }
    }

    /// <summary>A copy of these options.</summary>
    public MathVerifierOptions Clone() => (MathVerifierOptions)MemberwiseClone();
}
