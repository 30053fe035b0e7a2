namespace MidTrain.Judges.Agreement;

/// <summary>Options of <see cref="AgreementAnalyzer.Analyze"/>. Validated when the analysis starts.</summary>
public sealed class AgreementOptions
{
    /// <summary>A rater whose labels are the reference; null for none.</summary>
    public string? GoldRater { get; init; }

    /// <summary>Bootstrap resamples of the items for the confidence intervals (0 turns them off). Default 1000.</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>Seed of the bootstrap; the same seed and labels give the same intervals. Default 42.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Two-sided confidence level of the intervals, in (0, 1). Default 0.95.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Pairs using more categories than this get no confusion matrix in the report. Default 50.</summary>
    public int MaxConfusionCategories { get; init; } = 50;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(BootstrapResamples, nameof(BootstrapResamples));
        if (!(Confidence > 0 && Confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "Confidence must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxConfusionCategories, nameof(MaxConfusionCategories));
    }
}
