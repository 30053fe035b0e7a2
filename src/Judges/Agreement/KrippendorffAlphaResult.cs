using System.Text.Json.Serialization;

namespace MidTrain.Judges.Agreement;

/// <summary>
/// Krippendorff's α at the four levels of measurement; a level is null when α is undefined there (nothing pairable,
/// one category only, labels not numeric for ordinal/interval/ratio, negative values for ratio). The reason for each
/// null is in <see cref="Reasons"/> (not serialized).
/// </summary>
/// <param name="Nominal">α with the nominal difference (any two different categories differ by 1).</param>
/// <param name="Ordinal">α with Krippendorff's ordinal difference (rank distances through the marginals).</param>
/// <param name="Interval">α with the squared numeric difference.</param>
/// <param name="Ratio">α with the squared relative difference ((a−b)/(a+b))².</param>
public sealed record KrippendorffAlphaResult(
    [property: JsonPropertyName("nominal")] double? Nominal,
    [property: JsonPropertyName("ordinal")] double? Ordinal,
    [property: JsonPropertyName("interval")] double? Interval,
    [property: JsonPropertyName("ratio")] double? Ratio)
{
    /// <summary>Level name (<c>nominal</c>, <c>ordinal</c>, <c>interval</c>, <c>ratio</c>) → why α is null there.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, string> Reasons { get; init; } = new Dictionary<string, string>();
}
