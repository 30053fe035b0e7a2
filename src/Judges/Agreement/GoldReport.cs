using System.Text.Json.Serialization;

namespace MidTrain.Judges.Agreement;

/// <summary>Every other rater measured against one gold rater (<c>--gold RATER</c>).</summary>
/// <param name="Gold">The gold rater.</param>
/// <param name="Raters">One entry per other rater, in rater order.</param>
public sealed record GoldReport(
    [property: JsonPropertyName("gold")] string Gold,
    [property: JsonPropertyName("raters")] IReadOnlyList<GoldAgreement> Raters);
