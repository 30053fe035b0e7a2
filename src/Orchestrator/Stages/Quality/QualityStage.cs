using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Classifiers.Model;
using MidTrain.Core.Failures;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Quality;

/// <summary>
/// Scores each item's text with a <see cref="QualityClassifier"/> (documents and passages: their text; samples: their
/// messages, or the source text of a sample without messages), writes the score into the item's metadata
/// (<c>metadata.quality_score</c>, or the sample's <c>fields</c>) and emits it when the score reaches the threshold,
/// else rejects it with the score as evidence. The same payload type goes out as came in. Thread-safe
/// (<c>fasttext-like</c> classifiers score in parallel; embedding classifiers one text at a time).
/// </summary>
public sealed class QualityStage : Stage
{
    private readonly QualityClassifier _classifier;
    private readonly double _minScore;
    private readonly string _scoreField;
    private readonly string _modelFile;
    private readonly long[] _histogram;
    private long _kept;
    private long _rejected;
    private long _scoreMicros;

    /// <summary>Creates the stage; it owns <paramref name="classifier"/>.</summary>
    public QualityStage(string name, int concurrency, int capacity, QualityClassifier classifier, double minScore, string scoreField, string modelFile)
        : base(name, concurrency, capacity)
    {
        _classifier = classifier ?? throw new ArgumentNullException(nameof(classifier));
        _minScore = minScore;
        _scoreField = scoreField;
        _modelFile = modelFile;
        _histogram = new long[Math.Max(1, (int)Math.Ceiling(classifier.Model.LabelMax - classifier.Model.LabelMin) + 1)];
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(object payload, IStageOutput output, CancellationToken cancellationToken)
    {
        var text = payload switch
        {
            Document d => d.Text,
            Passage p => p.Text,
            Sample s when s.Messages.Count > 0 => string.Join("\n\n", s.Messages.Select(m => m.Content)),
            Sample s => s.Source.Text ?? string.Empty,
            _ => throw new ItemFailureException("bad_input", $"stage '{Name}' scores documents, passages or samples, not {payload.GetType().Name}"),
        };

        var score = Math.Round(_classifier.Score(text), 4);
        var bucket = (int)Math.Clamp(Math.Round(score - _classifier.Model.LabelMin, MidpointRounding.AwayFromZero), 0, _histogram.Length - 1);
        Interlocked.Increment(ref _histogram[bucket]);
        Interlocked.Add(ref _scoreMicros, (long)Math.Round(score * 1_000_000));
        var scored = WithScore(payload, score);
        if (score >= _minScore)
        {
            Interlocked.Increment(ref _kept);
            await output.EmitAsync(scored, cancellationToken).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _rejected);
        await output.RejectAsync(scored, new Rejection
        {
            Stage = Name,
            By = "quality",
            Reason = string.Create(CultureInfo.InvariantCulture, $"{_classifier.Criterion} score {score:0.###} is below min_score {_minScore:0.###}"),
            Evidence = JsonSerializer.SerializeToElement(new JsonObject
            {
                ["score"] = score,
                ["min_score"] = _minScore,
                ["criterion"] = _classifier.Criterion,
                ["model_sha256"] = _classifier.Sha256,
            }, JsonDefaults.Options),
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override JsonObject Report()
    {
        var kept = Interlocked.Read(ref _kept);
        var rejected = Interlocked.Read(ref _rejected);
        var histogram = new JsonObject();
        for (var i = 0; i < _histogram.Length; i++)
        {
            histogram[(_classifier.Model.LabelMin + i).ToString(CultureInfo.InvariantCulture)] = Interlocked.Read(ref _histogram[i]);
        }

        return new JsonObject
        {
            ["model"] = _modelFile,
            ["model_sha256"] = _classifier.Sha256,
            ["kind"] = ClassifierKinds.Name(_classifier.Model.Kind),
            ["criterion"] = _classifier.Criterion,
            ["min_score"] = _minScore,
            ["scored"] = kept + rejected,
            ["kept"] = kept,
            ["rejected"] = rejected,
            ["mean_score"] = kept + rejected == 0 ? null : Interlocked.Read(ref _scoreMicros) / 1e6 / (kept + rejected),
            ["scores_rounded"] = histogram,
        };
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        _classifier.Dispose();
        return base.DisposeAsync();
    }

    private object WithScore(object payload, double score)
    {
        var value = JsonSerializer.SerializeToElement(score);
        return payload switch
        {
            Document d => d with { Metadata = With(d.Metadata, value) },
            Passage p => p with { Metadata = With(p.Metadata, value) },
            Sample s => s with { Fields = With(s.Fields, value) },
            _ => payload,
        };
    }

    private Dictionary<string, JsonElement> With(IReadOnlyDictionary<string, JsonElement>? metadata, JsonElement value)
    {
        var result = metadata is null ? new Dictionary<string, JsonElement>(StringComparer.Ordinal) : new Dictionary<string, JsonElement>(metadata, StringComparer.Ordinal);
        result[_scoreField] = value;
        return result;
    }
}
