using System.Text.Json.Serialization;

namespace MidTrain.Judges.Agreement;

/// <summary>How often one rater gave each category.</summary>
/// <param name="Rater">The rater.</param>
/// <param name="Labels">Labels the rater gave.</param>
/// <param name="Counts">Count per category, aligned with <see cref="AgreementReport.Categories"/>.</param>
public sealed record RaterDistribution(
    [property: JsonPropertyName("rater")] string Rater,
    [property: JsonPropertyName("labels")] int Labels,
    [property: JsonPropertyName("counts")] IReadOnlyList<long> Counts);
