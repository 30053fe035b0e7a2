using System.Text.Json;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// One thing to score, as RL trainers describe it (verl's <c>compute_score(data_source, solution_str, ground_truth,
/// extra_info)</c>): the solution the policy wrote, what it is checked against, and where it came from. Immutable.
/// </summary>
public sealed record RewardItem
{
    /// <summary>The policy's output (the whole response; answers and code blocks are extracted from it).</summary>
    public required string Solution { get; init; }

    /// <summary>
    /// What the solution is checked against: a gold answer (math), a test spec (code: an object or a JSON string of one),
    /// a source text (citation); null when the reward needs none.
    /// </summary>
    public JsonElement? GroundTruth { get; init; }

    /// <summary>Extra fields of the item (an object): <c>sources</c> for citation, <c>question</c> for judges, <c>language</c> for code…</summary>
    public JsonElement? ExtraInfo { get; init; }

    /// <summary>The dataset the item came from; routes the item to a reward when <see cref="Reward"/> is null.</summary>
    public string? DataSource { get; init; }

    /// <summary>The reward to use, by name (wins over <see cref="DataSource"/>).</summary>
    public string? Reward { get; init; }

    /// <summary>The prompt the solution answers, when known (judges read it as the question).</summary>
    public string? Prompt { get; init; }

    /// <summary>A string field of <see cref="ExtraInfo"/>, or null.</summary>
    public string? ExtraString(string name) =>
        ExtraInfo is { ValueKind: JsonValueKind.Object } extra && extra.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
