using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Datasets.Export;

/// <summary>Options of <c>midtrain export</c> (the keys are the flags without dashes, snake_case).</summary>
public sealed class ExportOptions : IValidatableOptions
{
    /// <summary>What to write.</summary>
    public ExportFormat Format { get; set; } = ExportFormat.Hf;

    /// <summary>Largest Parquet shard, in MiB (<c>hf</c>).</summary>
    [Range(0.001, 1_000_000)]
    public double ShardSizeMb { get; set; } = 500;

    /// <summary>Target row group size in MiB of input JSON (<c>hf</c>); capped at a quarter of the shard size. Memory holds two (one being written while the next is filled).</summary>
    [Range(0.001, 4096)]
    public double RowGroupMb { get; set; } = 8;

    /// <summary>
    /// Parquet compression (<c>hf</c>): <c>snappy</c> (the default of pyarrow and Hugging Face <c>datasets</c>, the
    /// fastest to write and read) or <c>zstd</c> (level 3: about a third smaller, slower to write).
    /// </summary>
    public string Compression { get; set; } = "snappy";

    /// <summary>Also write the rejected samples, with their rejection, as a <c>rejected</c> split (<c>hf</c>).</summary>
    public bool IncludeRejected { get; set; }

    /// <summary>Keep only samples scored at least N on a criterion (<c>--min-score CRITERION=N</c>, repeatable).</summary>
    public IList<ScoreThreshold> MinScore { get; set; } = [];

    /// <summary>Keep only samples with these attribute values (<c>--where ATTRIBUTE=VALUE</c>, repeatable).</summary>
    public IList<AttributeCondition> Where { get; set; } = [];

    /// <summary>Write at most this many rows (pairs for <c>preference</c>); null = all.</summary>
    public long? Limit { get; set; }

    /// <summary>Replace a non-empty output directory.</summary>
    public bool Overwrite { get; set; }

    /// <summary>Smallest difference of mean judge score between the chosen and the rejected answer of a pair (<c>preference</c>).</summary>
    [Range(0.0, 1_000_000)]
    public double MinMargin { get; set; } = 1.0;

    /// <inheritdoc />
    public void Validate()
    {
        if (ShardSizeMb is <= 0 or double.NaN)
        {
            throw new OptionsValidationException("shard_size_mb", "must be more than 0");
        }

        if (RowGroupMb is <= 0 or double.NaN)
        {
            throw new OptionsValidationException("row_group_mb", "must be more than 0");
        }

        if (Compression is not ("zstd" or "snappy"))
        {
            throw new OptionsValidationException("compression", $"must be zstd or snappy (got '{Compression}')");
        }

        if (IncludeRejected && Format != ExportFormat.Hf)
        {
            throw new OptionsValidationException("include", "rejected samples can only be exported with --format hf (as the 'rejected' split)");
        }

        if (Limit is < 0)
        {
            throw new OptionsValidationException("limit", "must be 0 or more");
        }

        if (MinMargin is < 0 or double.NaN)
        {
            throw new OptionsValidationException("min_margin", "must be 0 or more");
        }

        if (MinScore.FirstOrDefault(s => s.Criterion.Length == 0) is { } noCriterion)
        {
            throw new OptionsValidationException("min_score", $"'{noCriterion}' names no criterion");
        }

        if (Where.FirstOrDefault(w => w.Attribute.Length == 0) is { } noAttribute)
        {
            throw new OptionsValidationException("where", $"'{noAttribute}' names no attribute");
        }
    }
}
