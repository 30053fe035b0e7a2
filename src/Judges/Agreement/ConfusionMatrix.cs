using System.Text.Json.Serialization;

namespace MidTrain.Judges.Agreement;

/// <summary>
/// Counts of label pairs: <c>Counts[i][j]</c> items got <c>Labels[i]</c> from the first rater (rows; the gold rater in
/// a gold comparison) and <c>Labels[j]</c> from the second (columns).
/// </summary>
/// <param name="Labels">The categories either rater used, in category order.</param>
/// <param name="Counts">Row-major counts.</param>
public sealed record ConfusionMatrix(
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
    [property: JsonPropertyName("counts")] IReadOnlyList<IReadOnlyList<long>> Counts);
