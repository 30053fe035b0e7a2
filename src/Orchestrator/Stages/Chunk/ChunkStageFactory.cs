using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Models;
using MidTrain.Generators.Chunking;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Chunk;

/// <summary><c>chunk: {max_chars, max_tokens, tokenizer, overlap_chars, min_chars}</c>: documents → passages.</summary>
internal sealed class ChunkStageFactory()
    : StageFactory<ChunkStageOptions>("chunk", "Documents → passages within a budget of characters or of a local model's tokens.")
{
    /// <summary>The character budget when only a token budget is given (the tokens decide).</summary>
    private const int TokenBudgetMaxChars = 1_000_000;

    protected override int DefaultConcurrency => 2;

    protected override Stage Create(StageBinding binding, ChunkStageOptions options, ComponentContext context)
    {
        var chunker = binding.Bind<ChunkerOptions>();
        if (options.Tokenizer is { } modelName)
        {
            var model = context.RequireModels("tokenizer").Get(modelName, "tokenizer");
            var counter = model.GetService(typeof(ITokenCounter)) as ITokenCounter
                ?? throw new OptionsValidationException("tokenizer", $"model '{modelName}' exposes no tokenizer (only local llama models do); budget in max_chars instead");
            chunker.CountTokens = counter.CountTokens;
            if (chunker.MaxTokens > 0 && !binding.Settings.ContainsKey("max_chars"))
            {
                chunker.MaxChars = TokenBudgetMaxChars;
            }
        }

        return new ChunkStage(binding.Name, binding.Concurrency, binding.Capacity, new PassageChunker(chunker));
    }
}
