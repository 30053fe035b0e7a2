using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using MidTrain.Classifiers.Apply;
using MidTrain.Classifiers.Model;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary>
/// <c>midtrain classifier apply --model M.mtc --in F.jsonl --out F.jsonl [--rejected R.jsonl] [--min-score S]</c>:
/// scores every line of a JSONL file on all cores, keeps those at or above the threshold, writes the score into each line.
/// </summary>
internal sealed class ClassifierApplyCommand : AsyncCommand<ClassifierApplyCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--model <FILE>")]
        [Description("The classifier (.mtc) from `midtrain classifier train`.")]
        public string? Model { get; init; }

        [CommandOption("--in <FILE>")]
        [Description("Input JSONL: one document per line with a text field.")]
        public string? In { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Kept lines (score ≥ min score), each with its score added, in input order.")]
        public string? Out { get; init; }

        [CommandOption("--rejected <FILE>")]
        [Description("Rejected lines with their score, and unreadable lines with the reason (default: not written, only counted).")]
        public string? Rejected { get; init; }

        [CommandOption("--min-score <S>")]
        [Description("Keep threshold (default: the model's, set by --threshold at training).")]
        public double? MinScore { get; init; }

        [CommandOption("--text-field <NAME>")]
        [Description("The field holding the text. Default text.")]
        public string TextField { get; init; } = "text";

        [CommandOption("--score-field <NAME>")]
        [Description("The field the score is written to. Default quality_score.")]
        public string ScoreField { get; init; } = "quality_score";

        [CommandOption("--concurrency <N>")]
        [Description("Cores used (default: all).")]
        public int? Concurrency { get; init; }

        [CommandOption("--embedding-model <GGUF>")]
        [Description("An embedding classifier's GGUF, when it is no longer where training found it (the fingerprint must match).")]
        public string? EmbeddingModel { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        UsageException.Require(settings.Model, "--model");
        UsageException.RequireFile(settings.In, "--in");
        UsageException.Require(settings.Out, "--out");

        if (settings.Concurrency is < 1)
        {
            throw new UsageException($"--concurrency must be at least 1, got {settings.Concurrency}");
        }

        QualityClassifier classifier;
        try
        {
            classifier = await QualityClassifier.LoadAsync(settings.Model!, new QualityClassifierLoadOptions { EmbeddingModel = settings.EmbeddingModel }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or ClassifierModelException)
        {
            throw new UsageException($"--model: {ex.Message}");
        }

        using (classifier)
        {
            var started = Stopwatch.GetTimestamp();
            var summary = await ClassifierFileRunner.RunAsync(classifier, settings.In!, settings.Out!, new ClassifierApplyOptions
            {
                TextField = settings.TextField,
                ScoreField = settings.ScoreField,
                MinScore = settings.MinScore,
                RejectedPath = settings.Rejected,
                Concurrency = settings.Concurrency ?? Environment.ProcessorCount,
            }, cancellationToken).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            foreach (var example in summary.BadExamples)
            {
                Console.Error.WriteLine(example);
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"classifier apply: {summary.Lines:N0} lines, {summary.Kept:N0} kept, {summary.Rejected:N0} rejected (< {settings.MinScore ?? classifier.Threshold:0.###}), {summary.Bad:N0} unreadable, mean {classifier.Criterion} score {summary.MeanScore:0.000} in {seconds:0.00} s ({summary.Lines / Math.Max(seconds, 1e-9):N0} lines/s, {summary.Bytes / 1e6 / Math.Max(seconds, 1e-9):0.0} MB/s) → {settings.Out}"));
            return ExitCodes.OfFailures(summary.Bad);
        }
    }
}
