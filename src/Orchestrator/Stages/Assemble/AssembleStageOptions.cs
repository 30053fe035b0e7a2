namespace MidTrain.Orchestrator.Stages.Assemble;

/// <summary>The <c>assemble:</c> stage's own keys (the budget and grouping keys are those of <see cref="Generators.Assembly.ContextAssemblerOptions"/>).</summary>
public sealed class AssembleStageOptions
{
    /// <summary>A model under <c>models:</c> whose tokenizer counts tokens for <c>target_tokens</c> (a local llama model).</summary>
    public string? Tokenizer { get; set; }
}
