namespace MidTrain.Verifiers.Math;

/// <summary>
/// Settings of the math verifier. Validated by <see cref="Validate"/> (called by the verifiers' constructors);
/// the verifiers keep their own copy (<see cref="Clone"/>), so later changes to an instance do not affect them.
/// </summary>
public sealed class MathVerifierOptions
{
    /// <summary>Digits after the decimal point kept when a side is written as a decimal (Math-Verify's <c>float_rounding</c>). Default 6.</summary>
    public int Precision { get; set; } = 6;

    /// <summary>When true (default), variable names must match: <c>f(x)</c> is not <c>f(y)</c>.</summary>
    public bool Strict { get; set; } = true;

    /// <summary>When true, a gold set or interval also matches a prediction written as a relation (<c>x∈[-2,7]</c> vs <c>-2≤x≤7</c>). Default false.</summary>
    public bool AllowSetRelationComparison { get; set; }

    /// <summary>Hard bound on one check; past it the verdict is <c>invalid</c>. Default 1 second.</summary>
    public TimeSpan TimeBound { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deterministic bound on the work of one check (parser and evaluator steps). Default 2,000,000.</summary>
    public long MaxSteps { get; set; } = 2_000_000;

    /// <summary>The <c>Sample.Fields</c> key holding the gold answer (pipeline stage). Default <c>gold</c>.</summary>
    public string GoldField { get; set; } = "gold";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (Precision is < 0 or > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "precision must be between 0 and 15 digits");
        }

        if (TimeBound <= TimeSpan.Zero || TimeBound > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(TimeBound), TimeBound, "time bound must be positive and at most 10 minutes");
        }

        if (MaxSteps < 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSteps), MaxSteps, "max steps must be at least 1000");
        }

        if (string.IsNullOrWhiteSpace(GoldField))
        {
            throw new ArgumentException("gold field must be named", nameof(GoldField));
        }
    }

    /// <summary>A copy of these options.</summary>
    public MathVerifierOptions Clone() => (MathVerifierOptions)MemberwiseClone();
}
