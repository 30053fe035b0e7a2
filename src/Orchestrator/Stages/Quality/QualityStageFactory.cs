using MidTrain.Classifiers.Model;
using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Quality;

/// <summary>
/// <c>quality: MODEL.mtc</c> or <c>quality: {model: MODEL.mtc, min_score: 3}</c>: scores every document, passage or
/// sample with a quality classifier trained by <c>midtrain classifier train</c>, writes the score into its metadata
/// and rejects those below the threshold. (To be folded under <c>filter: quality</c> when the filter kind lands.)
/// </summary>
internal sealed class QualityStageFactory : StageFactory<QualityStageOptions>
{
    public override string Name => "quality";

    public override string Summary => "Scores each item with a quality classifier (midtrain classifier train) and rejects those below min_score.";

    protected override int DefaultConcurrency => Environment.ProcessorCount;

    protected override Stage Create(StageBinding binding, QualityStageOptions options, ComponentContext context)
    {
        var given = options.Model ?? binding.Spec.ValueText;
        if (options.Model is not null && binding.Spec.ValueText is not null)
        {
            throw binding.Error("model", "give the model file once: quality: FILE or model: FILE");
        }

        if (string.IsNullOrWhiteSpace(given))
        {
            throw binding.Error(null, "needs a classifier model file: quality: model.mtc (train one with `midtrain classifier train`)");
        }

        var path = context.ResolvePath(given);
        var key = options.Model is null ? null : "model";
        QualityClassifier classifier;
        try
        {
            classifier = QualityClassifier.LoadAsync(path, new QualityClassifierLoadOptions
            {
                EmbeddingModel = options.EmbeddingModel is { } embedding ? context.ResolvePath(embedding) : null,
                TinyModelDirectory = context.RunDirectory is { } run ? Path.Combine(run, "cache", "tiny-models") : null,
                LoggerFactory = context.LoggerFactory,
            }).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is FileNotFoundException or ClassifierModelException or InvalidOperationException)
        {
            throw binding.Error(key, ex.Message);
        }

        return new QualityStage(binding.Name, binding.Concurrency, binding.Capacity, classifier, options.MinScore ?? classifier.Threshold, options.ScoreField, given);
    }
}
