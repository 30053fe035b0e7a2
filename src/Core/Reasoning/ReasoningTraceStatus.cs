namespace MidTrain.Core.Reasoning;

/// <summary>Whether a text held a reasoning trace, and whether the trace was closed.</summary>
public enum ReasoningTraceStatus
{
    /// <summary>No trace: the whole text is the answer.</summary>
    None,

    /// <summary>A trace closed by its tag, followed by the answer (possibly empty).</summary>
    Closed,

    /// <summary>A trace that was never closed (typically cut off at the token limit): there is no answer.</summary>
    Unterminated,
}
