using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MidTrain.Classifiers.Embedding;
using MidTrain.Classifiers.Evaluation;
using MidTrain.Classifiers.Features;
using MidTrain.Classifiers.Model;

namespace MidTrain.Classifiers.Training;

/// <summary>
/// Trains a quality classifier from judge-labelled texts (the FineWeb-Edu recipe: a judge labels a sample, a small
/// model learns to predict the judge's score, and the model scores the corpus). Items are split by a hash of (seed,
/// item id) into train / validation / test; the features are hashed n-grams (computed on demand each epoch, so memory
/// is the texts) or embeddings (computed once); the linear head is fitted by ML.NET's online gradient descent on the
/// squared error, one epoch per call with the previous epoch's weights as the start, in a seeded order per epoch; after
/// every epoch the validation RMSE is measured and training stops when it has not improved for
/// <see cref="ClassifierTrainingOptions.Patience"/> epochs, keeping the best weights. The held-out test items give the
/// reported metrics. Deterministic for a given seed, labels and (for embeddings) model. Stateless and thread-safe.
/// </summary>
public static class ClassifierTrainer
{
    /// <summary>Trains on <paramref name="data"/>.</summary>
    /// <param name="data">Labelled texts; item ids must be unique.</param>
    /// <param name="criterion">The criterion the labels score (stored in the model).</param>
    /// <param name="options">Training options.</param>
    /// <param name="provenance">Provenance to store (the trainer fills in items, training settings and time).</param>
    /// <param name="embedder">The loaded embedding model, for <see cref="ClassifierKind.Embedding"/>.</param>
    /// <param name="timeProvider">Clock for <see cref="ClassifierProvenance.CreatedAt"/>.</param>
    /// <param name="progress">Receives one line per phase and epoch, or null.</param>
    /// <param name="cancellationToken">Stops training between items and epochs.</param>
    /// <exception cref="ArgumentException">Too few items for a split, duplicate item ids, or labels that do not vary.</exception>
    public static TrainingResult Train(
        IReadOnlyList<LabelledText> data,
        string criterion,
        ClassifierTrainingOptions options,
        ClassifierProvenance? provenance = null,
        GgufEmbedder? embedder = null,
        TimeProvider? timeProvider = null,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(criterion);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var started = Stopwatch.GetTimestamp();
        if (data.Select(d => d.Item).Distinct(StringComparer.Ordinal).Count() != data.Count)
        {
            throw new ArgumentException("item ids must be unique", nameof(data));
        }

        var labelMin = options.LabelMin ?? data.Min(d => d.Label);
        var labelMax = options.LabelMax ?? data.Max(d => d.Label);
        if (!(labelMax > labelMin))
        {
            throw new ArgumentException($"every label is {labelMin}: there is nothing to learn", nameof(data));
        }

        var train = new List<int>();
        var validation = new List<int>();
        var test = new List<int>();
        for (var i = 0; i < data.Count; i++)
        {
            (DataSplit.Of(options.Seed, data[i].Item, options.TestFraction, options.ValidationFraction) switch
            {
                DataSplit.Test => test,
                DataSplit.Validation => validation,
                _ => train,
            }).Add(i);
        }

        if (train.Count < 10 || validation.Count < 2 || test.Count < 2)
        {
            throw new ArgumentException($"{data.Count} labelled items split into {train.Count} train, {validation.Count} validation and {test.Count} test items; need at least 10, 2 and 2 (label more items)", nameof(data));
        }

        FeatureSpace space;
        string? fingerprint = null;
        if (options.Kind == ClassifierKind.FasttextLike)
        {
            space = new NgramFeatureSpace(new HashedNgramFeaturizer(options.Features), data.Select(d => d.Text).ToArray());
        }
        else
        {
            if (embedder is null)
            {
                throw new ArgumentException("an embedding classifier needs a loaded embedding model", nameof(embedder));
            }

            var vectors = new float[data.Count][];
            for (var i = 0; i < data.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                vectors[i] = embedder.Embed(data[i].Text, cancellationToken);
                if ((i + 1) % 1000 == 0)
                {
                    progress?.Report($"embedded {i + 1:N0} of {data.Count:N0} texts");
                }
            }

            space = new DenseFeatureSpace(vectors, embedder.Dimension);
            fingerprint = embedder.Fingerprint;
        }

        var (weights, bias, epochs, best) = Fit(space, data, train, validation, labelMin, labelMax, options, progress, cancellationToken);

        var items = test.Select(i => data[i].Item).ToArray();
        var labels = test.Select(i => data[i].Label).ToArray();
        var scores = test.Select(i => Math.Clamp(space.Score(i, weights, bias), labelMin, labelMax)).ToArray();
        var metrics = ClassifierEvaluation.Evaluate(items, labels, scores, options.Threshold, options.Bootstrap, options.Seed, cancellationToken);
        var time = timeProvider ?? TimeProvider.System;
        var trainingSettings = new JsonObject
        {
            ["kind"] = ClassifierKinds.Name(options.Kind),
            ["trainer"] = "ML.NET OnlineGradientDescent (squared loss), early stopping on validation RMSE",
            ["test_fraction"] = options.TestFraction,
            ["validation_fraction"] = options.ValidationFraction,
            ["max_epochs"] = options.MaxEpochs,
            ["patience"] = options.Patience,
            ["learning_rate"] = options.LearningRate,
            ["l2"] = options.L2,
            ["seed"] = options.Seed,
            ["epochs_run"] = epochs.Count,
            ["best_epoch"] = best,
            ["validation_rmse"] = epochs.Count > 0 ? epochs[best - 1].ValidationRmse : null,
        };
        var model = new ClassifierModel
        {
            Kind = options.Kind,
            Criterion = criterion,
            LabelMin = labelMin,
            LabelMax = labelMax,
            Threshold = options.Threshold,
            Features = options.Kind == ClassifierKind.FasttextLike ? options.Features : null,
            Embedding = options.Kind == ClassifierKind.Embedding ? options.Embedding : null,
            EmbeddingFingerprint = fingerprint,
            Weights = weights,
            Bias = bias,
            Provenance = (provenance ?? new ClassifierProvenance()) with
            {
                Items = new JsonObject { ["labelled"] = data.Count, ["train"] = train.Count, ["validation"] = validation.Count, ["test"] = test.Count },
                Training = trainingSettings,
                MidtrainVersion = typeof(ClassifierTrainer).Assembly.GetName().Version?.ToString(3),
                CreatedAt = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            },
            Metrics = metrics.ToJson(),
        };
        return new TrainingResult
        {
            Model = model,
            Test = metrics,
            TrainItems = train.Count,
            ValidationItems = validation.Count,
            TestItems = test.Count,
            Epochs = epochs,
            BestEpoch = best,
            Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
        };
    }

    private static (float[] Weights, double Bias, List<EpochRecord> Epochs, int Best) Fit(
        FeatureSpace space, IReadOnlyList<LabelledText> data, List<int> train, List<int> validation, double labelMin, double labelMax,
        ClassifierTrainingOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var ml = new MLContext(seed: (int)(options.Seed & int.MaxValue));
        var schema = SchemaDefinition.Create(typeof(TrainingRow));
        schema[nameof(TrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, space.Dimension);
        var trainer = ml.Regression.Trainers.OnlineGradientDescent(new OnlineGradientDescentTrainer.Options
        {
            LabelColumnName = nameof(TrainingRow.Label),
            FeatureColumnName = nameof(TrainingRow.Features),
            LearningRate = (float)options.LearningRate,
            DecreaseLearningRate = true,
            L2Regularization = (float)options.L2,
            NumberOfIterations = 1,
            Shuffle = false,
        });

        var order = train.ToArray();
        var random = new Random(unchecked((int)options.Seed));
        var weights = new float[space.Dimension];
        var bestWeights = new float[space.Dimension];
        double bestBias = 0, bestRmse = double.PositiveInfinity;
        var best = 0;
        var epochs = new List<EpochRecord>();
        LinearRegressionModelParameters? model = null;
        for (var epoch = 1; epoch <= options.MaxEpochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(order);
            var rows = order.Select(i =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return new TrainingRow { Label = (float)data[i].Label, Features = space.Vector(i) };
            });
            var view = ml.Data.LoadFromEnumerable(rows, schema);
            model = (model is null ? trainer.Fit(view) : trainer.Fit(view, model)).Model;

            CopyWeights(model.Weights, weights);
            var bias = (double)model.Bias;
            double squared = 0;
            foreach (var i in validation)
            {
                var error = Math.Clamp(space.Score(i, weights, bias), labelMin, labelMax) - data[i].Label;
                squared += error * error;
            }

            var rmse = Math.Sqrt(squared / validation.Count);
            if (!double.IsFinite(rmse))
            {
                progress?.Report($"epoch {epoch}: diverged (validation RMSE is not finite); keeping epoch {best}");
                break;
            }

            epochs.Add(new EpochRecord(epoch, rmse));
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}: validation RMSE {rmse:0.0000}"));
            if (rmse < bestRmse - 1e-6)
            {
                bestRmse = rmse;
                best = epoch;
                bestBias = bias;
                Array.Copy(weights, bestWeights, weights.Length);
            }
            else if (epoch - best >= options.Patience)
            {
                break;
            }
        }

        if (best == 0)
        {
            throw new InvalidOperationException("training diverged in the first epoch (lower the learning rate)");
        }

        return (bestWeights, bestBias, epochs, best);
    }

    private static void CopyWeights(IReadOnlyList<float> source, float[] target)
    {
        if (source is float[] array)
        {
            Array.Copy(array, target, target.Length);
            return;
        }

        for (var i = 0; i < target.Length; i++)
        {
            target[i] = source[i];
        }
    }

    private sealed class TrainingRow
    {
        public float Label { get; set; }

        public VBuffer<float> Features { get; set; }
    }
}
