using System.ComponentModel;
using MidTrain.Core.Configuration;
using MidTrain.Datasets;
using MidTrain.Datasets.Export;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary>
/// <c>midtrain export RUN_DIR --format hf|messages|preference --out DIR [filters]</c>: a finished run directory as a
/// dataset directory (Hugging Face–ready Parquet shards or training JSONL) with its dataset card. Exit codes: 0
/// exported; 2 the run directory is unfinished, torn or missing a file, the output directory is not empty (without
/// <c>--overwrite</c>), or a flag is wrong (the message says which).
/// </summary>
internal sealed class ExportCommand : AsyncCommand<ExportCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN_DIR>")]
        [Description("A completed run directory (or a merged one).")]
        public string RunDirectory { get; init; } = string.Empty;

        [CommandOption("--format <FORMAT>")]
        [Description("hf (Parquet shards + card, default), messages (JSONL {\"messages\": [[...]]}) or preference (JSONL {prompt, chosen, rejected}).")]
        public string Format { get; init; } = "hf";

        [CommandOption("--out <DIR>")]
        [Description("The dataset directory to write (must not exist or be empty, unless --overwrite).")]
        public string? Out { get; init; }

        [CommandOption("--shard-size-mb <MB>")]
        [Description("Largest Parquet shard in MiB. Default 500.")]
        public double ShardSizeMb { get; init; } = 500;

        [CommandOption("--row-group-mb <MB>")]
        [Description("Target Parquet row group size in MiB of input JSON (memory holds two). Default 8.")]
        public double RowGroupMb { get; init; } = 8;

        [CommandOption("--compression <CODEC>")]
        [Description("snappy (default, as pyarrow and datasets write) or zstd (smaller, slower to write).")]
        public string Compression { get; init; } = "snappy";

        [CommandOption("--include <WHAT>")]
        [Description("rejected: also write the rejected samples, with their rejection, as the 'rejected' split (hf only).")]
        public string[] Include { get; init; } = [];

        [CommandOption("--min-score <CRITERION=N>")]
        [Description("Keep samples whose every valid judgement on CRITERION scored at least N (repeatable).")]
        public string[] MinScore { get; init; } = [];

        [CommandOption("--where <ATTRIBUTE=VALUE>")]
        [Description("Keep samples whose attribute has this value (repeatable; the same attribute twice means either value).")]
        public string[] Where { get; init; } = [];

        [CommandOption("--limit <N>")]
        [Description("Write at most N rows (pairs for preference).")]
        public long? Limit { get; init; }

        [CommandOption("--min-margin <X>")]
        [Description("preference: smallest mean-judge-score difference between chosen and rejected. Default 1.")]
        public double MinMargin { get; init; } = 1.0;

        [CommandOption("--overwrite")]
        [Description("Replace a non-empty --out directory.")]
        public bool Overwrite { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Out))
        {
            throw new UsageException("--out is required: the dataset directory to write");
        }

        if (settings.Include.FirstOrDefault(i => i != "rejected") is { } unknown)
        {
            throw new UsageException($"--include: only 'rejected' can be included (got '{unknown}')");
        }

        var options = new ExportOptions
        {
            Format = settings.Format switch
            {
                "hf" => ExportFormat.Hf,
                "messages" => ExportFormat.Messages,
                "preference" => ExportFormat.Preference,
                _ => throw new UsageException($"--format must be hf, messages or preference (got '{settings.Format}')"),
            },
            ShardSizeMb = settings.ShardSizeMb,
            RowGroupMb = settings.RowGroupMb,
            Compression = settings.Compression,
            IncludeRejected = settings.Include.Length > 0,
            MinScore = Parse(settings.MinScore, "--min-score", ScoreThreshold.Parse),
            Where = Parse(settings.Where, "--where", AttributeCondition.Parse),
            Limit = settings.Limit,
            MinMargin = settings.MinMargin,
            Overwrite = settings.Overwrite,
        };

        try
        {
            var result = await new DatasetExporter(options).ExportAsync(settings.RunDirectory, settings.Out, cancellationToken).ConfigureAwait(false);
            var extra = result.RejectedRows > 0 ? $" and {result.RejectedRows:N0} rejected" : string.Empty;
            var unit = options.Format == ExportFormat.Preference ? "pairs" : "rows";
            Console.Error.WriteLine($"exported {result.Rows:N0} {unit}{extra} from {result.Considered:N0} accepted samples in {result.Files.Count} file{(result.Files.Count == 1 ? string.Empty : "s")} → {result.OutputDirectory}");
            return ExitCodes.Success;
        }
        catch (DatasetException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (OptionsValidationException ex)
        {
            throw new UsageException($"--{ex.Key?.Replace('_', '-')}: {ex.Detail}");
        }
    }

    private static List<T> Parse<T>(IEnumerable<string> values, string flag, Func<string, T> parse)
    {
        try
        {
            return values.Select(parse).ToList();
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{flag}: {ex.Message}");
        }
    }
}
