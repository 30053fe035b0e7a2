using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Classifiers.Model;
using MidTrain.Core.Configuration;
using MidTrain.Filters.Contracts;

namespace MidTrain.Classifiers.Filtering;

/// <summary>
/// <c>filter: quality</c>: scores each item's texts (a document's or passage's text; a sample's messages) with a
/// <see cref="QualityClassifier"/>, annotates the score (<c>quality_score</c>), and rejects items below the threshold
/// with the score as evidence. Thread-safe (<c>fasttext-like</c> classifiers score in parallel; embedding classifiers
/// one text at a time). Disposing it releases the classifier.
/// </summary>
public sealed class QualityFilter : SynchronousFilter, IDisposable
{
    /// <summary>The filter name.</summary>
    public const string FilterName = "quality";

    /// <summary>The filter version.</summary>
    public const string FilterVersion = "1.0.0";

    private readonly QualityClassifier _classifier;
    private readonly double _minScore;
    private readonly string _scoreField;
    private readonly TextSelector _check;

    /// <summary>Creates the filter over a loaded <paramref name="classifier"/> (owned).</summary>
    public QualityFilter(QualityClassifier classifier, QualityFilterOptions options)
        : base(FilterName, FilterVersion)
    {
        ArgumentNullException.ThrowIfNull(options);
        _classifier = classifier ?? throw new ArgumentNullException(nameof(classifier));
        _minScore = options.MinScore ?? classifier.Threshold;
        _scoreField = options.ScoreField;
        _check = new TextSelector(options.Check);
        var parameters = OptionsBinder.ToJson(options);
        parameters["min_score"] = _minScore;
        parameters["model_sha256"] = classifier.Sha256;
        parameters["criterion"] = classifier.Criterion;
        parameters["kind"] = ClassifierKinds.Name(classifier.Model.Kind);
        RecordedParameters = parameters;
    }

    /// <inheritdoc />
    protected override FilterDecision Decide(FilterItem item, CancellationToken cancellationToken)
    {
        var text = string.Join("\n\n", _check.Select(item).Select(t => t.Text));
        var score = Math.Round(_classifier.Score(text), 4);
        var annotation = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { [_scoreField] = JsonSerializer.SerializeToElement(score) };
        if (score >= _minScore)
        {
            return FilterDecision.Annotate(annotation);
        }

        var details = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["score"] = score,
            ["min_score"] = _minScore,
            ["criterion"] = _classifier.Criterion,
            ["model_sha256"] = _classifier.Sha256,
        });
        return FilterDecision.Reject(
            "low_quality",
            string.Create(CultureInfo.InvariantCulture, $"{_classifier.Criterion} score {score:0.###} is below min_score {_minScore:0.###}"),
            details) with { Annotations = annotation };
    }

    /// <inheritdoc />
    public void Dispose() => _classifier.Dispose();
}
