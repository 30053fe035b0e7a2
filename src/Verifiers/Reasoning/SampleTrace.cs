using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>The reasoning trace of a sample's last assistant message, as every reasoning check reads it. Stateless.</summary>
internal static class SampleTrace
{
    /// <summary>
    /// The trace and answer of the last assistant message (a separate trace, else an inline one — also one opened in the
    /// prompt, whose content holds only the closing tag), or null with why there is nothing to check.
    /// </summary>
    public static ReasoningTrace? Read(Sample sample, ReasoningTags tags, out string? problem)
    {
        var message = sample.Messages.LastOrDefault(m => m.Role == Message.Assistant);
        if (message is null)
        {
            problem = "the sample has no assistant message";
            return null;
        }

        var trace = ReasoningTrace.Of(message, tags, ReasoningStart.Detect);
        if (trace.Text is null)
        {
            problem = "the answer has no reasoning trace";
            return null;
        }

        problem = null;
        return trace;
    }
}
