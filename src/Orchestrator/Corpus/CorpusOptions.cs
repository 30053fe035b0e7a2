namespace MidTrain.Orchestrator.Corpus;

/// <summary>What a corpus is and how its records are read (the pipeline YAML's <c>input:</c> section).</summary>
public sealed class CorpusOptions
{
    /// <summary>A JSONL file, a glob (<c>data/*.jsonl</c>), or a directory of <c>.txt</c>/<c>.md</c> (and <c>.jsonl</c>) files.</summary>
    public required string Path { get; init; }

    /// <summary>The JSONL field holding the record id (default <c>id</c>).</summary>
    public string IdField { get; init; } = "id";

    /// <summary>The JSONL field holding the text (default <c>text</c>).</summary>
    public string TextField { get; init; } = "text";

    /// <summary>Lines longer than this (bytes) are bad input, reported without being buffered (default 32 MiB).</summary>
    public long MaxRecordBytes { get; init; } = 32L << 20;
}
