using System.Text.Json;
using MidTrain.Core.Records;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// Turns a <see cref="RewardItem"/> into the <see cref="Sample"/> a verifier or judge reads: the solution as the
/// assistant message, the prompt (or <c>extra_info.question</c> / <c>extra_info.prompt</c>) as the user message,
/// <c>extra_info.passage</c> as the passage text, <c>extra_info.language</c> as the language attribute, and the given
/// fields. Stateless.
/// </summary>
internal static class RewardSamples
{
    private static readonly SourceSpan NoSource = new("reward", 0, 0, 0);

    /// <summary>The sample for <paramref name="item"/> with <paramref name="fields"/>.</summary>
    public static Sample Build(RewardItem item, IReadOnlyDictionary<string, JsonElement>? fields)
    {
        var question = item.Prompt ?? item.ExtraString("question") ?? item.ExtraString("prompt");
        var passage = item.ExtraString("passage");
        var language = item.ExtraString("language");
        Message[] messages = question is null
            ? [new Message(Message.Assistant, item.Solution)]
            : [new Message(Message.User, question), new Message(Message.Assistant, item.Solution)];
        return new Sample
        {
            Id = "reward",
            Source = passage is null ? NoSource : NoSource with { Text = passage },
            Messages = messages,
            Attributes = language is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["language"] = language },
            Fields = fields,
        };
    }

    /// <summary>The properties of <c>extra_info</c> (when an object) as sample fields, skipping <paramref name="except"/>.</summary>
    public static Dictionary<string, JsonElement> ExtraFields(RewardItem item, params string[] except)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (item.ExtraInfo is { ValueKind: JsonValueKind.Object } extra)
        {
            foreach (var property in extra.EnumerateObject())
            {
                if (!except.Contains(property.Name, StringComparer.Ordinal))
                {
                    fields[property.Name] = property.Value;
                }
            }
        }

        return fields;
    }
}
