using MidTrain.Classifiers.Model;
using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Filters.Components;
using MidTrain.Filters.Contracts;

namespace MidTrain.Classifiers.Filtering;

/// <summary><c>filter: quality</c> / <c>midtrain filter quality</c>: a quality classifier distilled from judge labels keeps or rejects items.</summary>
internal sealed class QualityFilterFactory()
    : FilterFactory<QualityFilterOptions>(QualityFilter.FilterName, QualityFilter.FilterVersion, "Scores each item with a quality classifier (midtrain classifier train) and rejects those below min_score.")
{
    protected override IFilter Create(QualityFilterOptions options, ComponentContext context)
    {
        try
        {
            var classifier = QualityClassifier.LoadAsync(context.ResolvePath(options.Model!), new QualityClassifierLoadOptions
            {
                EmbeddingModel = options.EmbeddingModel is { } embedding ? context.ResolvePath(embedding) : null,
                TinyModelDirectory = context.RunDirectory is { } run ? Path.Combine(run, "cache", "tiny-models") : null,
                LoggerFactory = context.LoggerFactory,
            }).GetAwaiter().GetResult();
            return new QualityFilter(classifier, options);
        }
        catch (Exception ex) when (ex is FileNotFoundException or ClassifierModelException or InvalidOperationException)
        {
            throw new OptionsValidationException("model", ex.Message);
        }
    }
}
