using System.Globalization;

namespace MidTrain.Datasets.Export;

/// <summary>
/// <c>--min-score CRITERION=N</c>: a sample passes when it has at least one valid judgement on the criterion and every
/// valid judgement on it scored at least <see cref="Minimum"/> (with a panel of judges, the lowest score counts).
/// </summary>
/// <param name="Criterion">The judged criterion, e.g. <c>answerable</c>.</param>
/// <param name="Minimum">The lowest score kept.</param>
public sealed record ScoreThreshold(string Criterion, double Minimum)
{
    /// <summary>Parses <c>CRITERION=N</c>.</summary>
    /// <exception cref="FormatException">Not of that form; the message says what is expected.</exception>
    public static ScoreThreshold Parse(string text)
    {
        var at = text.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0 || !double.TryParse(text.AsSpan(at + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var minimum) || !double.IsFinite(minimum))
        {
            throw new FormatException($"'{text}' is not CRITERION=N (e.g. answerable=4)");
        }

        return new ScoreThreshold(text[..at].Trim(), minimum);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Criterion}={Minimum.ToString(CultureInfo.InvariantCulture)}";
}
