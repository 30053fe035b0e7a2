namespace MidTrain.Core.Reasoning;

/// <summary>Where an inline reasoning trace may begin in a model's text (see <see cref="ReasoningTags.Split"/>).</summary>
public enum ReasoningStart
{
    /// <summary>
    /// At the opening tag that leads the text, or — when the text holds the closing tag with no opening tag before it —
    /// at the start of the text (the chat template opened the trace in the prompt, as DeepSeek-R1's and QwQ's do).
    /// </summary>
    Detect,

    /// <summary>Only at an opening tag that leads the text.</summary>
    Tag,

    /// <summary>At the start of the text: the chat template always opens the trace in the prompt.</summary>
    Prompt,
}
