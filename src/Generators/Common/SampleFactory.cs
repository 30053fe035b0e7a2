using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Core.Models;
using MidTrain.Core.Hashing;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Prompts;
using MidTrain.Core.Records;
using MidTrain.Core.Structured;

namespace MidTrain.Generators.Common;

/// <summary>Builds samples with stable content-hash ids and complete lineage. Thread-safe.</summary>
public static class SampleFactory
{
    /// <summary>Creates a sample from <paramref name="passage"/> and its conversation.</summary>
    public static Sample Create(Passage passage, IReadOnlyList<Message> messages, IReadOnlyDictionary<string, string> attributes,
        IReadOnlyDictionary<string, JsonElement>? fields, IReadOnlyList<LineageEntry> lineage)
    {
        var parts = new List<string?> { passage.DocumentId, passage.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var message in messages)
        {
            parts.Add(message.Role);
            parts.Add(message.Content);
            if (message.Reasoning is { } reasoning)
            {
                // Two samples that differ only in their trace are different data (ids of samples without one are unchanged).
                parts.Add("reasoning");
                parts.Add(reasoning);
            }
        }

        return new Sample
        {
            Id = ContentHash.SampleId([.. parts]),
            Source = new SourceSpan(passage.DocumentId, passage.Index, passage.Start, passage.End) { Text = passage.Text },
            Messages = messages,
            Attributes = attributes,
            Fields = fields,
            Lineage = lineage,
        };
    }

    /// <summary>The lineage entry of one structured call.</summary>
    public static LineageEntry Lineage(string stage, IChatClient model, PromptTemplate prompt, long seed, StructuredResult result)
    {
        var identity = ModelIdentity.Of(model);
        return Lineage(stage, identity, prompt, seed, result);
    }

    private static LineageEntry Lineage(string stage, ModelIdentity identity, PromptTemplate prompt, long seed, StructuredResult result) => new()
    {
        Stage = stage,
        Model = result.ModelId ?? identity.ModelId,
        ModelFingerprint = identity.Fingerprint,
        PromptId = prompt.Id,
        PromptSha256 = prompt.Sha256,
        Sampling = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["temperature"] = prompt.Settings.Temperature,
            ["top_p"] = prompt.Settings.TopP,
            ["max_tokens"] = prompt.Settings.MaxTokens,
            ["attempts"] = result.Attempts,
        }, JsonDefaults.Options),
        Seed = prompt.Settings.Seed ?? seed,
        TokensIn = result.TokensIn,
        TokensOut = result.TokensOut,
        ReasoningTokens = result.ReasoningTokens,
        DurationMs = result.Duration.TotalMilliseconds,
    };
}
