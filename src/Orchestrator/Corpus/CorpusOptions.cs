using System.ComponentModel.DataAnnotations;

namespace MidTrain.Orchestrator.Corpus;

/// <summary>What a corpus is and how its records are read (the pipeline YAML's <c>input:</c> section).</summary>
public sealed class CorpusOptions
{
    /// <summary>
    /// A JSONL file (<c>.gz</c>: gzip-compressed JSONL), a Parquet file (<c>.parquet</c>), a glob (<c>data/*.parquet</c>),
    /// or a directory of <c>.txt</c>, <c>.md</c>, <c>.jsonl</c>, <c>.jsonl.gz</c> and <c>.parquet</c> files.
    /// </summary>
    [Required]
    public string Path { get; init; } = string.Empty;

    /// <summary>The JSONL field or Parquet column holding the record id (default <c>id</c>): a string or an integer.</summary>
    public string IdField { get; init; } = "id";

    /// <summary>The JSONL field or Parquet column holding the text (default <c>text</c>).</summary>
    public string TextField { get; init; } = "text";

    /// <summary>
    /// Lines longer than this (bytes) are bad input, reported without being buffered; so are Parquet texts longer than
    /// this in UTF-8 (default 32 MiB).
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxRecordBytes { get; init; } = 32L << 20;

    /// <summary>Run over a reproducible uniform sample of the corpus (<c>sample: {n, seed}</c>) instead of all of it; null for all.</summary>
    public CorpusSampleOptions? Sample { get; init; }

    /// <summary>What the run does with a bad record: <see cref="BadInputMode.Skip"/> (into failed.jsonl, the default) or <see cref="BadInputMode.Fail"/> (abort).</summary>
    public BadInputMode OnBadInput { get; init; }
}
