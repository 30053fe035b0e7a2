namespace MidTrain.Core.Reasoning;

/// <summary>What a <c>generate:</c> stage does with the reasoning trace a teacher wrote before its answer.</summary>
public enum ReasoningMode
{
    /// <summary>
    /// Store the trace in the assistant message's <c>reasoning_content</c> field, the answer alone in <c>content</c>
    /// (default): the field Qwen3-style chat templates render as a <c>&lt;think&gt;</c> block.
    /// </summary>
    Separate,

    /// <summary>Write the trace into the assistant message's content, before the answer, in the stage's reasoning template.</summary>
    Keep,

    /// <summary>Remove the trace: the sample holds the answer only.</summary>
    Drop,
}
