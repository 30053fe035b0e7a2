using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MidTrain.Classifiers.Model;

/// <summary>
/// Where a classifier came from, stored in its model file: the labels (file, sha256, raters, the judge models'
/// fingerprints when the labels' run manifest names them), the corpus the texts were read from, the split sizes, the
/// training settings, the MidTrain version and the time it was written. Immutable.
/// </summary>
public sealed record ClassifierProvenance
{
    /// <summary>The labels file (as given).</summary>
    [JsonPropertyName("labels_file")] public string? LabelsFile { get; init; }

    /// <summary>SHA-256 of the labels file's bytes.</summary>
    [JsonPropertyName("labels_sha256")] public string? LabelsSha256 { get; init; }

    /// <summary>The raters whose labels were used (e.g. <c>judge/educational_value</c>).</summary>
    [JsonPropertyName("raters")] public IReadOnlyList<string> Raters { get; init; } = [];

    /// <summary>Judge model fingerprints by model name, from the labels' run manifest; empty when there is none.</summary>
    [JsonPropertyName("judge_models")] public IReadOnlyDictionary<string, string> JudgeModels { get; init; } = new Dictionary<string, string>();

    /// <summary>The corpus the texts were joined from (as given).</summary>
    [JsonPropertyName("corpus")] public string? Corpus { get; init; }

    /// <summary>Labelled items used for training, early stopping and the held-out report.</summary>
    [JsonPropertyName("items")] public JsonObject? Items { get; init; }

    /// <summary>The training settings (kind, split, epochs, learning rate, seed…).</summary>
    [JsonPropertyName("training")] public JsonObject? Training { get; init; }

    /// <summary>The MidTrain version that trained the model.</summary>
    [JsonPropertyName("midtrain_version")] public string? MidtrainVersion { get; init; }

    /// <summary>When the model was written (UTC, ISO 8601).</summary>
    [JsonPropertyName("created_at")] public string? CreatedAt { get; init; }
}
