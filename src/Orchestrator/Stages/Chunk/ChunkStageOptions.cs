namespace MidTrain.Orchestrator.Stages.Chunk;

/// <summary>The <c>chunk:</c> stage's own keys (the budget keys are those of <see cref="Generators.Chunking.ChunkerOptions"/>).</summary>
public sealed class ChunkStageOptions
{
    /// <summary>A model under <c>models:</c> whose tokenizer counts tokens for <c>max_tokens</c> (a local llama model).</summary>
    public string? Tokenizer { get; set; }
}
