using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// The score of one <see cref="RewardItem"/> and why: the reward that scored it, its outcome (<c>pass</c>, <c>fail</c>,
/// <c>invalid</c> = could not be checked), a one-line reason and the kind's details (the verdict, the judgement, the
/// parts of a combination) for the trainer's logs. Immutable.
/// </summary>
public sealed record RewardResult
{
    /// <summary>The reward's name (under <c>rewards:</c>).</summary>
    public required string Reward { get; init; }

    /// <summary>The reward's kind.</summary>
    public required string Kind { get; init; }

    /// <summary>The score handed to the trainer.</summary>
    public required double Score { get; init; }

    /// <summary>What the check concluded.</summary>
    public required VerdictOutcome Outcome { get; init; }

    /// <summary>Why the score is what it is (always set when the outcome is not <c>pass</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>The kind's details: <c>verdict</c>, <c>judgement</c>, <c>parts</c>, <c>tests_passed</c>…</summary>
    public JsonObject? Details { get; init; }

    /// <summary>Writes <c>{score, reward, kind, outcome, reason, …details}</c>.</summary>
    public void WriteTo(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteNumber("score", Score);
        json.WriteString("reward", Reward);
        json.WriteString("kind", Kind);
        json.WriteString("outcome", Outcome switch { VerdictOutcome.Pass => "pass", VerdictOutcome.Fail => "fail", _ => "invalid" });
        if (Reason is not null)
        {
            json.WriteString("reason", Reason);
        }

        if (Details is not null)
        {
            foreach (var (key, value) in Details)
            {
                json.WritePropertyName(key);
                if (value is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    value.WriteTo(json, JsonDefaults.Options);
                }
            }
        }

        json.WriteEndObject();
    }

    /// <summary>The result as a JSON object (what <see cref="WriteTo"/> writes).</summary>
    public JsonObject ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteTo(json);
        }

        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }
}
