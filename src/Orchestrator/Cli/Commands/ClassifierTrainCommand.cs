using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Classifiers.Embedding;
using MidTrain.Classifiers.Labels;
using MidTrain.Classifiers.Model;
using MidTrain.Classifiers.Training;
using MidTrain.Core.Configuration;
using MidTrain.Core.Jsonl;
using MidTrain.Judges.Rubric;
using MidTrain.Orchestrator.Corpus;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary>
/// <c>midtrain classifier train --labels L.jsonl --corpus CORPUS --criterion C --out M.mtc</c>: trains a quality
/// classifier on a judge's labels (FineWeb-Edu's recipe) and reports its agreement with the judge on held-out items.
/// </summary>
internal sealed class ClassifierTrainCommand : AsyncCommand<ClassifierTrainCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--labels <FILE>")]
        [Description("Labels JSONL ({item, rater, label}), e.g. the judgements.jsonl of a run with a judge: stage.")]
        public string? Labels { get; init; }

        [CommandOption("--corpus <PATH>")]
        [Description("Where the labelled texts are: the corpus (JSONL, .jsonl.gz, Parquet, directory; item = record id) or the labelling run's directory (item = sample id, text = source.text).")]
        public string? Corpus { get; init; }

        [CommandOption("--criterion <NAME>")]
        [Description("The criterion whose labels to learn: raters named NAME or MODEL/NAME (a panel's scores are averaged).")]
        public string? Criterion { get; init; }

        [CommandOption("--rater <NAME>")]
        [Description("Use exactly this rater's labels instead of every MODEL/criterion rater.")]
        public string? Rater { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("The model file to write (.mtc).")]
        public string? Out { get; init; }

        [CommandOption("--kind <KIND>")]
        [Description("fasttext-like (default: hashed word and character n-grams + linear head) or embedding (mean-pooled GGUF embeddings + linear head).")]
        public string Kind { get; init; } = "fasttext-like";

        [CommandOption("--embedding-model <GGUF>")]
        [Description("For --kind embedding: the GGUF embedding model (or tiny, the random-weight test model).")]
        public string? EmbeddingModel { get; init; }

        [CommandOption("--embedding-context <N>")]
        [Description("For --kind embedding: tokens per text (longer texts are cut). Default 512.")]
        public int EmbeddingContext { get; init; } = 512;

        [CommandOption("--threshold <S>")]
        [Description("Keep threshold for the binary figures and the model's default min_score. Default 3 (FineWeb-Edu's).")]
        public double Threshold { get; init; } = 3;

        [CommandOption("--id-field <NAME>")]
        [Description("The corpus's id field. Default id.")]
        public string IdField { get; init; } = "id";

        [CommandOption("--text-field <NAME>")]
        [Description("The corpus's text field. Default text.")]
        public string TextField { get; init; } = "text";

        [CommandOption("--seed <S>")]
        [Description("Seed of the split and of the training order. Default 42.")]
        public long Seed { get; init; } = 42;

        [CommandOption("--test-fraction <F>")]
        [Description("Share of items held out for the report. Default 0.1.")]
        public double TestFraction { get; init; } = 0.1;

        [CommandOption("--validation-fraction <F>")]
        [Description("Share of items for early stopping. Default 0.1.")]
        public double ValidationFraction { get; init; } = 0.1;

        [CommandOption("--max-epochs <N>")]
        [Description("Most epochs. Default 40.")]
        public int MaxEpochs { get; init; } = 40;

        [CommandOption("--patience <N>")]
        [Description("Epochs without a better validation RMSE before stopping. Default 3.")]
        public int Patience { get; init; } = 3;

        [CommandOption("--learning-rate <R>")]
        [Description("Initial learning rate of the online gradient descent. Default 0.1.")]
        public double LearningRate { get; init; } = 0.1;

        [CommandOption("--bits <B>")]
        [Description("fasttext-like: log2 of the hash buckets. Default 20.")]
        public int Bits { get; init; } = 20;

        [CommandOption("--word-ngrams <N>")]
        [Description("fasttext-like: longest word n-gram (0: none). Default 2.")]
        public int WordNgrams { get; init; } = 2;

        [CommandOption("--char-ngrams <MIN-MAX>")]
        [Description("fasttext-like: character n-gram lengths, e.g. 4 or 3-5 (0: none, the default; 4-grams halve scoring speed).")]
        public string CharNgrams { get; init; } = "0";

        [CommandOption("--json")]
        [Description("Print the training report as one JSON object on stdout.")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        UsageException.RequireFile(settings.Labels, "--labels");
        UsageException.Require(settings.Corpus, "--corpus");
        UsageException.Require(settings.Criterion, "--criterion");
        UsageException.Require(settings.Out, "--out");

        var kind = ClassifierKinds.Parse(settings.Kind) ?? throw new UsageException($"--kind: unknown kind '{settings.Kind}' (use {string.Join(" or ", ClassifierKinds.Names)})");
        var options = new ClassifierTrainingOptions
        {
            Kind = kind,
            Features = new Classifiers.Features.NgramFeatureOptions { Bits = settings.Bits, WordNgrams = settings.WordNgrams },
            Seed = settings.Seed,
            Threshold = settings.Threshold,
            TestFraction = settings.TestFraction,
            ValidationFraction = settings.ValidationFraction,
            MaxEpochs = settings.MaxEpochs,
            Patience = settings.Patience,
            LearningRate = settings.LearningRate,
        };
        (options.Features.CharNgramMin, options.Features.CharNgramMax) = ParseRange(settings.CharNgrams);
        if (kind == ClassifierKind.Embedding)
        {
            UsageException.Require(settings.EmbeddingModel, "--embedding-model");
            options.Embedding = new EmbeddingOptions { Model = settings.EmbeddingModel!, Context = settings.EmbeddingContext };
        }

        if (RubricCriterion.BuiltIn.Contains(settings.Criterion!, StringComparer.Ordinal))
        {
            var criterion = RubricCriterion.Load(settings.Criterion!);
            options.LabelMin = criterion.MinScore;
            options.LabelMax = criterion.MaxScore;
        }

        try
        {
            options.Validate();
        }
        catch (OptionsValidationException ex)
        {
            throw new UsageException($"--{ex.Key?.Replace('_', '-')}: {ex.Detail}");
        }

        var labels = JudgeLabelSet.Read(settings.Labels!, settings.Criterion!, settings.Rater);
        if (labels.Scores.Count == 0)
        {
            throw new UsageException($"--labels: no numeric labels of criterion '{settings.Criterion}'{(settings.Rater is null ? string.Empty : $" by rater '{settings.Rater}'")} in {settings.Labels} ({labels.Lines:N0} lines)");
        }

        IReadOnlyList<LabelledText> texts;
        long unmatched;
        try
        {
            (texts, unmatched) = await LabelledCorpus.JoinAsync(labels, settings.Corpus!, settings.IdField, settings.TextField, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException ex)
        {
            throw new UsageException($"--corpus: {ex.Message}");
        }

        Console.Error.WriteLine($"classifier train: {labels.Scores.Count:N0} labelled items ({string.Join(", ", labels.Raters)}), {texts.Count:N0} found in {settings.Corpus}" + (unmatched > 0 ? $", {unmatched:N0} without text (left out)" : string.Empty));
        GgufEmbedder? embedder = null;
        try
        {
            if (kind == ClassifierKind.Embedding)
            {
                embedder = await GgufEmbedder.LoadAsync(options.Embedding!, null, NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
                if (embedder.IsTiny)
                {
                    Console.Error.WriteLine("warning: the embedding model is the built-in tiny random-weight test model; its embeddings are meaningless.");
                }
            }

            var provenance = new ClassifierProvenance
            {
                LabelsFile = settings.Labels,
                LabelsSha256 = labels.Sha256,
                Raters = labels.Raters,
                JudgeModels = labels.JudgeModels,
                Corpus = settings.Corpus,
            };
            TrainingResult result;
            try
            {
                result = ClassifierTrainer.Train(texts, settings.Criterion!, options, provenance, embedder, TimeProvider.System, new Progress(), cancellationToken);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException($"--labels: {ex.Message}");
            }

            var sha256 = ClassifierModelFile.Write(settings.Out!, result.Model);
            var m = result.Test;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"held out {m.N:N0} items: RMSE {m.Rmse:0.000}, MAE {m.Mae:0.000}, Pearson {F(m.Pearson)}, Spearman {F(m.Spearman)}; at threshold {m.Threshold}: precision {F(m.Precision)}, recall {F(m.Recall)}, F1 {F(m.F1)}, accuracy {F(m.Accuracy)}, Cohen's κ {F(m.CohenKappa)}"));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"classifier train: {ClassifierKinds.Name(kind)}, {result.TrainItems:N0} train / {result.ValidationItems:N0} validation / {result.TestItems:N0} test items, {result.Epochs.Count} epochs (best {result.BestEpoch}) in {result.Seconds:0.0} s → {settings.Out}"));
            if (settings.Json)
            {
                var report = new JsonObject
                {
                    ["model"] = settings.Out,
                    ["model_sha256"] = sha256,
                    ["kind"] = ClassifierKinds.Name(kind),
                    ["criterion"] = settings.Criterion,
                    ["labelled_items"] = labels.Scores.Count,
                    ["items_without_text"] = unmatched,
                    ["train_items"] = result.TrainItems,
                    ["validation_items"] = result.ValidationItems,
                    ["test_items"] = result.TestItems,
                    ["epochs"] = result.Epochs.Count,
                    ["best_epoch"] = result.BestEpoch,
                    ["seconds"] = Math.Round(result.Seconds, 3),
                    ["metrics"] = m.ToJson(),
                };
                Console.Out.WriteLine(report.ToJsonString(JsonDefaults.Options));
            }

            return ExitCodes.Success;
        }
        finally
        {
            embedder?.Dispose();
        }
    }

    private static (int Min, int Max) ParseRange(string text)
    {
        var parts = text.Split('-');
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var max))
        {
            return (min, min == 0 ? 0 : max);
        }

        throw new UsageException($"--char-ngrams must be N or MIN-MAX (e.g. 4 or 3-5), got '{text}'");
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private sealed class Progress : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine("  " + value);
    }
}
