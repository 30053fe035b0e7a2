using System.Text.Json.Nodes;
using MidTrain.Core.Records;
using MidTrain.Generators.Chunking;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages;

/// <summary>
/// <c>chunk: {max_chars, max_tokens, tokenizer, overlap_chars, min_chars}</c>: documents → passages within the budget
/// (characters, or tokens of a local model's tokenizer). A document whose
/// passages are all too short is rejected with the reason. Thread-safe.
/// </summary>
public sealed class ChunkStage : Stage<Document, Passage>
{
    private readonly PassageChunker _chunker;

    private ChunkStage(StageOptions options, PassageChunker chunker)
        : base(options.Name, options.Concurrency, options.Capacity) => _chunker = chunker;

    /// <summary>Builds the stage from its spec.</summary>
    public static ChunkStage Create(StageSpec spec, StageBuildContext context)
    {
        var settings = spec.InlineOrOptions;
        var maxTokens = settings.GetInt("max_tokens", 0, 0);
        Func<string, int>? countTokens = null;
        if (settings.GetString("tokenizer") is { } modelName)
        {
            var model = (context.Models ?? throw settings.Error("tokenizer", "this run has no model registry")).Get(modelName, settings, "tokenizer");
            var counter = model.Client.GetService(typeof(Core.Models.ITokenCounter)) as Core.Models.ITokenCounter
                ?? throw settings.Error("tokenizer", $"model '{modelName}' exposes no tokenizer (only local llama models do); budget in max_chars instead");
            countTokens = counter.CountTokens;
        }
        else if (maxTokens > 0)
        {
            throw settings.Error("max_tokens", "needs tokenizer: <model name> (a local llama model) to count tokens");
        }

        var options = new ChunkerOptions
        {
            MaxChars = settings.GetInt("max_chars", maxTokens > 0 ? 1_000_000 : 2000, 16),
            MaxTokens = maxTokens,
            CountTokens = countTokens,
            OverlapChars = settings.GetInt("overlap_chars", 0, 0),
            MinChars = settings.GetInt("min_chars", 50, 0),
        };
        PassageChunker chunker;
        try
        {
            chunker = new PassageChunker(options);
        }
        catch (ArgumentException ex)
        {
            throw settings.Error(null, ex.Message);
        }

        var stage = new ChunkStage(StageOptions.Read(spec, defaultConcurrency: 2) with { Name = spec.Options.GetString("name") ?? "chunk" }, chunker);
        if (!ReferenceEquals(settings, spec.Options))
        {
            settings.EnsureAllUsed();
        }

        spec.Options.EnsureAllUsed();
        return stage;
    }

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
