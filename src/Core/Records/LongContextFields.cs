using System.Text.Json;
using MidTrain.Core.Jsonl;

namespace MidTrain.Core.Records;

/// <summary>
/// The sample fields a long-context sample carries (see docs/format.md), shared by generators that write them and
/// verifiers that read them: <c>context</c> (<see cref="ContextLayout"/>), <c>evidence</c>
/// (<see cref="ContextEvidence"/>[]), <c>min_documents</c>, <c>task_type</c>, <c>question</c> and <c>answer</c>.
/// Thread-safe.
/// </summary>
public static class LongContextFields
{
    /// <summary>The context layout.</summary>
    public const string Context = "context";

    /// <summary>The evidence passages the sample was generated from.</summary>
    public const string Evidence = "evidence";

    /// <summary>How many different documents the answer's supported quotes must come from.</summary>
    public const string MinDocuments = "min_documents";

    /// <summary>The task type (<c>needle</c>, <c>multi_hop</c>, <c>aggregate</c>, <c>compare</c>).</summary>
    public const string TaskType = "task_type";

    /// <summary>The question alone (the user turn also holds the context).</summary>
    public const string Question = "question";

    /// <summary>The short answer alone (the assistant turn also holds the quotes).</summary>
    public const string Answer = "answer";

    /// <summary>Reads the layout of <paramref name="sample"/>; null when it has none; throws <see cref="JsonException"/> when malformed.</summary>
    public static ContextLayout? ReadLayout(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.Fields?.TryGetValue(Context, out var value) == true
            ? value.Deserialize<ContextLayout>(JsonDefaults.Options) ?? throw new JsonException("fields.context is null")
            : null;
    }

    /// <summary>Reads the evidence of <paramref name="sample"/> (empty when it has none); throws <see cref="JsonException"/> when malformed.</summary>
    public static IReadOnlyList<ContextEvidence> ReadEvidence(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.Fields?.TryGetValue(Evidence, out var value) == true
            ? value.Deserialize<ContextEvidence[]>(JsonDefaults.Options) ?? []
            : [];
    }

    /// <summary>Reads <c>min_documents</c> (default 1); throws <see cref="JsonException"/> when it is not an integer.</summary>
    public static int ReadMinDocuments(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Fields?.TryGetValue(MinDocuments, out var value) != true)
        {
            return 1;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count)
            ? count
            : throw new JsonException($"fields.{MinDocuments} must be an integer, got {value.ValueKind}");
    }
}
