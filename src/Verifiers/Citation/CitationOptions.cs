using MidTrain.Core.Configuration;
using MidTrain.Verifiers.Citation.Alignment;

namespace MidTrain.Verifiers.Citation;

/// <summary>
/// Thresholds and settings of the citation verifier. A quote is supported when its alignment reaches
/// <see cref="MinIdentity"/> and <see cref="MinCoverage"/> and contains no decisive edit (a changed number or word;
/// see <see cref="CitationChecker"/>). The keys of <c>verify: citation</c>. Validated by <see cref="Validate"/>; treat
/// an instance as immutable once in use.
/// </summary>
public sealed class CitationOptions : IValidatableOptions
{
    /// <summary>Minimum identity (match columns / alignment columns). Default 0.9.</summary>
    public double MinIdentity { get; init; } = 0.9;

    /// <summary>Minimum coverage (quote characters inside the alignment / quote characters). Default 0.9.</summary>
    public double MinCoverage { get; init; } = 0.9;

    /// <summary>The alignment scores. Default match 2, mismatch −1, gap open 3, gap extend 1.</summary>
    [ConfigIgnore]
    public AlignmentScoring Scoring { get; init; } = AlignmentScoring.Default;

    /// <summary>Drop diacritics when normalising (for sources whose OCR loses accents). Default false.</summary>
    public bool FoldDiacritics { get; init; }

    /// <summary>Most normalised source characters allowed between consecutive fragments of an elided quote. Default 2,000.</summary>
    public int MaxFragmentGap { get; init; } = 2000;

    /// <summary>Treat a changed digit or a mostly rewritten word as refuting the quote, whatever the identity. Default true.</summary>
    public bool DecisiveEdits { get; init; } = true;

    /// <summary>Look for unmarked reuse of the sources in the answer. Default true.</summary>
    public bool DetectReuse { get; init; } = true;

    /// <summary>Shortest reused span reported, in normalised characters. Default 40.</summary>
    public int MinReuseLength { get; init; } = 40;

    /// <summary>The alignment kernel. Default <see cref="VectorWidth.Auto"/>.</summary>
    public VectorWidth VectorWidth { get; init; } = VectorWidth.Auto;

    /// <summary>The defaults.</summary>
    public static CitationOptions Default { get; } = new();

    /// <summary>Throws <see cref="OptionsValidationException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MinIdentity is < 0 or > 1 || double.IsNaN(MinIdentity))
        {
            throw new OptionsValidationException("min_identity", $"must be in [0, 1], got {MinIdentity}");
        }

        if (MinCoverage is < 0 or > 1 || double.IsNaN(MinCoverage))
        {
            throw new OptionsValidationException("min_coverage", $"must be in [0, 1], got {MinCoverage}");
        }

        ArgumentNullException.ThrowIfNull(Scoring);
        if (MaxFragmentGap < 0)
        {
            throw new OptionsValidationException("max_fragment_gap", $"must be 0 or more, got {MaxFragmentGap}");
        }

        if (MinReuseLength < 8)
        {
            throw new OptionsValidationException("min_reuse_length", $"must be at least 8, got {MinReuseLength}");
        }
    }
}
