using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MidTrain.Judges.Agreement;

/// <summary>
/// The result of <see cref="AgreementAnalyzer.Analyze"/>; <see cref="ToJson"/> writes the JSON object of
/// <c>midtrain agreement --json</c>. Every statistic that is undefined is null, never NaN, and the reason is in
/// <see cref="Notes"/> under the field's path (e.g. <c>fleiss_kappa</c>, <c>krippendorff_alpha.ordinal</c>).
/// Immutable.
/// </summary>
/// <param name="Items">Items with at least one label.</param>
/// <param name="Raters">Raters with at least one label.</param>
/// <param name="Labels">Labels used (missing and bad lines excluded).</param>
/// <param name="KrippendorffAlpha">Krippendorff's α at the four levels.</param>
/// <param name="FleissKappa">Fleiss' κ; null unless every item has the same number (≥ 2) of labels.</param>
/// <param name="Pairs">Every pair of raters with at least one item in common, ordered by rater ids.</param>
/// <param name="VsGold">Each rater against the gold rater; null without a gold rater.</param>
public sealed record AgreementReport(
    [property: JsonPropertyName("items")] int Items,
    [property: JsonPropertyName("raters")] int Raters,
    [property: JsonPropertyName("labels")] int Labels,
    [property: JsonPropertyName("krippendorff_alpha")] KrippendorffAlphaResult KrippendorffAlpha,
    [property: JsonPropertyName("fleiss_kappa")] double? FleissKappa,
    [property: JsonPropertyName("pairs")] IReadOnlyList<PairAgreement> Pairs,
    [property: JsonPropertyName("vs_gold")] GoldReport? VsGold)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Items with two or more labels (the units α is computed from).</summary>
    [JsonPropertyName("pairable_items")]
    public int PairableItems { get; init; }

    /// <summary><c>numeric</c> when every label is a number, else <c>categorical</c>.</summary>
    [JsonPropertyName("label_kind")]
    public string LabelKind { get; init; } = "numeric";

    /// <summary>The categories in order (numbers ascending by value, strings ordinally).</summary>
    [JsonPropertyName("categories")]
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Rater ids in order.</summary>
    [JsonPropertyName("rater_ids")]
    public IReadOnlyList<string> RaterIds { get; init; } = [];

    /// <summary>Bootstrap confidence intervals for α; null when bootstrapping was off.</summary>
    [JsonPropertyName("krippendorff_alpha_ci")]
    public KrippendorffAlphaIntervals? KrippendorffAlphaCi { get; init; }

    /// <summary>Bootstrap confidence interval for Fleiss' κ; null when it or bootstrapping is off.</summary>
    [JsonPropertyName("fleiss_kappa_ci")]
    public ConfidenceInterval? FleissKappaCi { get; init; }

    /// <summary>How the intervals were computed.</summary>
    [JsonPropertyName("bootstrap")]
    public BootstrapSettings Bootstrap { get; init; } = new(0, 0, 0.95);

    /// <summary>Each rater's label counts per category.</summary>
    [JsonPropertyName("rater_distributions")]
    public IReadOnlyList<RaterDistribution> RaterDistributions { get; init; } = [];

    /// <summary>Field path → why that statistic is null.</summary>
    [JsonPropertyName("notes")]
    public IReadOnlyDictionary<string, string> Notes { get; init; } = new Dictionary<string, string>();

    /// <summary>The report as one line of JSON (snake_case fields, nulls written, UTF-8 text unescaped).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
