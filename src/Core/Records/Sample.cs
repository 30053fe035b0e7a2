using System.Text.Json.Serialization;

namespace MidTrain.Core.Records;

/// <summary>
/// One instruction-data record: the unit that is generated, verified, judged and written as a line of
/// <c>accepted.jsonl</c>. Immutable: stages derive new samples with <c>with</c> expressions, so a sample can be shared
/// safely between threads.
/// </summary>
public sealed record Sample
{
    /// <summary>Stable content hash of the sample (see <see cref="Hashing.ContentHash"/>).</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>Where the sample came from.</summary>
    [JsonPropertyName("source")] public required SourceSpan Source { get; init; }

    /// <summary>The conversation, in OpenAI chat format.</summary>
    [JsonPropertyName("messages")] public IReadOnlyList<Message> Messages { get; init; } = [];

    /// <summary>Steering and other attributes (language, persona, question type, task…).</summary>
    [JsonPropertyName("attributes")] public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Verdicts of the verifiers that checked this sample, in stage order.</summary>
    [JsonPropertyName("verdicts")] public IReadOnlyList<Verdict> Verdicts { get; init; } = [];

    /// <summary>Judgements of the judges that scored this sample, in stage order.</summary>
    [JsonPropertyName("judgements")] public IReadOnlyList<Judgement> Judgements { get; init; } = [];

    /// <summary>The steps that produced this sample.</summary>
    [JsonPropertyName("lineage")] public IReadOnlyList<LineageEntry> Lineage { get; init; } = [];

    /// <summary>Task-specific extra fields (e.g. a gold answer for math, tests for code) carried with the sample.</summary>
    [JsonPropertyName("fields")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Fields { get; init; }

    /// <summary>The last assistant message's content, or null when there is none.</summary>
    [JsonIgnore]
    public string? LastAssistantContent
    {
        get
        {
            for (var i = Messages.Count - 1; i >= 0; i--)
            {
                if (Messages[i].Role == Message.Assistant)
                {
                    return Messages[i].Content;
                }
            }

            return null;
        }
    }

    /// <summary>Returns a copy with <paramref name="verdict"/> appended.</summary>
    public Sample WithVerdict(Verdict verdict) => this with { Verdicts = [.. Verdicts, verdict] };

    /// <summary>Returns a copy with <paramref name="judgements"/> appended.</summary>
    public Sample WithJudgements(IEnumerable<Judgement> judgements) => this with { Judgements = [.. Judgements, .. judgements] };

    /// <summary>Returns a copy with <paramref name="entry"/> appended to the lineage.</summary>
    public Sample WithLineage(LineageEntry entry) => this with { Lineage = [.. Lineage, entry] };
}
