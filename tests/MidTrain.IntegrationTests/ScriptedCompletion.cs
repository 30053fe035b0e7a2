namespace MidTrain.IntegrationTests;

/// <summary>One scripted chat completion: the content, an optional separate reasoning trace, the finish reason.</summary>
internal sealed record ScriptedCompletion(string? Content, string? ReasoningContent = null, string FinishReason = "stop");
