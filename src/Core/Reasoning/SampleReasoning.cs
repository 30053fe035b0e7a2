using MidTrain.Core.Records;

namespace MidTrain.Core.Reasoning;

/// <summary>
/// What stages do with the reasoning traces of a sample's assistant messages: write them the way a
/// <c>generate:</c> stage's <see cref="ReasoningMode"/> asks (<see cref="Apply"/>), and show a judge the answers only,
/// or the traces too (<see cref="ForJudge"/>). The sample's id, lineage and other fields are kept. Stateless and
/// thread-safe.
/// </summary>
public static class SampleReasoning
{
    /// <summary>
    /// Writes the traces held in the assistant messages' reasoning field as <paramref name="mode"/> says:
    /// <see cref="ReasoningMode.Separate"/> leaves them, <see cref="ReasoningMode.Keep"/> moves them into the content with
    /// <paramref name="template"/>, <see cref="ReasoningMode.Drop"/> removes them.
    /// </summary>
    public static Sample Apply(Sample sample, ReasoningMode mode, ReasoningTemplate template)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(template);
        if (mode == ReasoningMode.Separate || !sample.Messages.Any(m => m.Reasoning is not null))
        {
            return sample;
        }

        return sample with
        {
            Messages = sample.Messages.Select(m => m.Reasoning is not { } trace ? m
                : mode == ReasoningMode.Keep ? m with { Content = template.Render(trace, m.Content), Reasoning = null }
                : m with { Reasoning = null }).ToArray(),
        };
    }

    /// <summary>
    /// The sample as a judge sees it: with <paramref name="showReasoning"/> false, every assistant message holds its
    /// answer only (a separate trace is removed, an inline trace delimited by the template's tags is cut off); with
    /// true, separate traces are written into the content with <paramref name="template"/> (inline ones stay).
    /// </summary>
    public static Sample ForJudge(Sample sample, bool showReasoning, ReasoningTemplate template)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(template);
        if (showReasoning)
        {
            return Apply(sample, ReasoningMode.Keep, template);
        }

        var changed = false;
        var messages = sample.Messages.Select(m =>
        {
            if (m.Role != Message.Assistant)
            {
                return m;
            }

            var trace = ReasoningTrace.Of(m, template.Tags);
            if (trace.Status == ReasoningTraceStatus.None && m.Reasoning is null)
            {
                return m;
            }

            changed = true;
            return m with { Content = trace.Answer, Reasoning = null };
        }).ToArray();
        return changed ? sample with { Messages = messages } : sample;
    }
}
