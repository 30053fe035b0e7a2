using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Contracts;
using MidTrain.Core.Models;

namespace MidTrain.Verifiers.Reasoning;

/// <summary><c>verify: reasoning_length</c>: the trace's length and its ratio to the answer within bounds.</summary>
internal sealed class ReasoningLengthVerifierFactory()
    : VerifierFactory<ReasoningLengthOptions>(ReasoningLengthVerifier.VerifierName, ReasoningLengthVerifier.VerifierVersion, "Reasoning trace length (characters, or tokens of a local model) and trace/answer ratio within bounds (overthinking).")
{
    public override string? FileAnswerField => "answer";

    protected override IVerifier Create(ReasoningLengthOptions options, ComponentContext context)
    {
        Func<string, int>? count = null;
        if (options.Tokenizer is { } modelName)
        {
            var model = context.RequireModels("tokenizer").Get(modelName, "tokenizer");
            var counter = model.GetService(typeof(ITokenCounter)) as ITokenCounter
                ?? throw new OptionsValidationException("tokenizer", $"model '{modelName}' exposes no tokenizer (only local llama models do); bound the trace with max_chars instead");
            count = counter.CountTokens;
        }

        return new ReasoningLengthVerifier(options, count);
    }
}
