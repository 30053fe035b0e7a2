using System.Text.Json.Nodes;
using MidTrain.Core.Records;
using MidTrain.Generators.Chunking;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Chunk;

/// <summary>
/// <c>chunk: {max_chars, max_tokens, tokenizer, overlap_chars, min_chars}</c>: documents → passages within the budget
/// (characters, or tokens of a local model's tokenizer). A document whose
/// passages are all too short is rejected with the reason. Thread-safe.
/// </summary>
public sealed class ChunkStage : Stage<Document, Passage>
{
    private readonly PassageChunker _chunker;

    /// <summary>Creates the stage.</summary>
    public ChunkStage(string name, int concurrency, int capacity, PassageChunker chunker)
        : base(name, concurrency, capacity) => _chunker = chunker ?? throw new ArgumentNullException(nameof(chunker));

    /// <inheritdoc />
    protected override async ValueTask ProcessAsync(Document payload, IStageOutput output, CancellationToken cancellationToken)
    {
        var passages = _chunker.Chunk(payload);
        if (passages.Count == 0)
        {
            await output.RejectAsync(payload, new Rejection { Stage = Name, By = "chunk", Reason = "no passage: the text is shorter than min_chars" }, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var passage in passages)
        {
            await output.EmitAsync(passage, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override JsonObject Report() => new()
    {
        ["documents"] = _chunker.Documents,
        ["passages"] = _chunker.Passages,
        ["skipped_short"] = _chunker.SkippedShort,
    };
}
