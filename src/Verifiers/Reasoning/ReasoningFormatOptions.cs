using System.ComponentModel.DataAnnotations;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>Keys of <c>verify: reasoning_format</c>. Defaults live here only.</summary>
public sealed class ReasoningFormatOptions : ReasoningCheckOptions
{
    /// <summary>Whether an answer without a trace fails (default true); false lets it pass.</summary>
    public bool RequireTrace { get; set; } = true;

    /// <summary>Whether a trace that holds only the closing tag (opened in the prompt) passes (default false: the trace must open with its tag).</summary>
    public bool AllowOpenedInPrompt { get; set; }

    /// <summary>Fewest non-blank characters of answer after the trace (default 1).</summary>
    [Range(1, 1_000_000)]
    public int MinAnswerChars { get; set; } = 1;
}
