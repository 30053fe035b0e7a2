using MidTrain.Core.Prompts;

namespace MidTrain.Orchestrator.Stages;

/// <summary>Implemented by stages that use prompt files, so the manifest can list each prompt's source and sha256.</summary>
public interface IUsesPrompts
{
    /// <summary>The prompts the stage uses.</summary>
    IReadOnlyList<PromptTemplate> Prompts { get; }
}
