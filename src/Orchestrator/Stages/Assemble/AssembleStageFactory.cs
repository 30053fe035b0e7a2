using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Models;
using MidTrain.Generators.Assembly;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Assemble;

/// <summary><c>assemble: sequential | similar | random</c>: documents or passages → long contexts of a target length.</summary>
internal sealed class AssembleStageFactory()
    : StageFactory<AssembleStageOptions>("assemble", "Documents or passages → long contexts of target_tokens (a model's tokenizer) or target_chars: sequential, similar (MinHash) or random, optionally within a metadata key.")
{
    protected override Stage Create(StageBinding binding, AssembleStageOptions options, ComponentContext context)
    {
        var names = Enum.GetNames<AssemblyMode>().Select(ConfigNames.SnakeCase).ToArray();
        var text = binding.Spec.ValueText;
        var mode = text is null
            ? AssemblyMode.Sequential
            : Enum.GetValues<AssemblyMode>().Where(m => ConfigNames.MatchesMember(text, m.ToString())).Select(m => (AssemblyMode?)m).FirstOrDefault()
                ?? throw binding.Error(null, $"unknown assembly mode '{text}' (known: {string.Join(", ", names)})");

        var assembler = binding.Bind<ContextAssemblerOptions>();
        assembler.Mode = mode;
        assembler.Seed = context.Seed;
        if (options.Tokenizer is { } modelName)
        {
            if (assembler.TargetTokens <= 0)
            {
                throw new OptionsValidationException("tokenizer", "counts tokens for target_tokens; give target_tokens (or drop tokenizer and budget in target_chars)");
            }

            var model = context.RequireModels("tokenizer").Get(modelName, "tokenizer");
            var counter = model.GetService(typeof(ITokenCounter)) as ITokenCounter
                ?? throw new OptionsValidationException("tokenizer", $"model '{modelName}' exposes no tokenizer (only local llama models do); budget in target_chars instead");
            assembler.CountTokens = counter.CountTokens;
        }

        return new AssembleStage(binding.Name, binding.Concurrency, binding.Capacity, new ContextAssembler<HeldItem>(assembler));
    }
}
