namespace MidTrain.Models.Tests.Reasoning;

/// <summary>What the scripted server answers: content and/or a separate trace, streamed in the given pieces.</summary>
/// <param name="Content">The <c>content</c> field (null: JSON null).</param>
/// <param name="Reasoning">The separate trace, or null for none.</param>
/// <param name="ReasoningField"><c>reasoning_content</c> or <c>reasoning</c>.</param>
/// <param name="Finish">The finish reason.</param>
/// <param name="ReasoningTokens">Reported <c>completion_tokens_details.reasoning_tokens</c>, or null for none.</param>
/// <param name="Chunks">Streamed deltas (reasoning, content); default: the fields cut into 3-character pieces.</param>
public sealed record ScriptedReply(
    string? Content,
    string? Reasoning = null,
    string ReasoningField = "reasoning_content",
    string Finish = "stop",
    int? ReasoningTokens = null,
    IReadOnlyList<(string? Reasoning, string? Content)>? Chunks = null)
{
    public IReadOnlyList<(string? Reasoning, string? Content)> StreamChunks => Chunks ??
        [.. Pieces(Reasoning).Select(p => ((string?)p, (string?)null)), .. Pieces(Content).Select(p => ((string?)null, (string?)p))];

    private static IEnumerable<string> Pieces(string? text)
    {
        for (var i = 0; text is not null && i < text.Length; i += 3)
        {
            yield return text.Substring(i, Math.Min(3, text.Length - i));
        }
    }
}
