using System.Text.Json.Nodes;

namespace MidTrain.Datasets.Cards;

/// <summary>One pipeline stage as the manifest records it: its name, kind, the kind's value, its options and the models it names.</summary>
/// <param name="Index">0-based position in <c>stages:</c>.</param>
/// <param name="Name">The stage's display name (the name used in <c>rejection.stage</c> and <c>failed.jsonl</c>'s <c>stage</c>).</param>
/// <param name="Kind"><c>chunk</c>, <c>filter</c>, <c>assemble</c>, <c>generate</c>, <c>verify</c>, <c>judge</c> or <c>generic</c>.</param>
/// <param name="Value">The kind key's value (e.g. <c>backtranslation</c>, or the judge criteria), as JSON.</param>
/// <param name="Options">The stage's other keys, as JSON.</param>
/// <param name="ModelNames">The names under <c>models:</c> the stage uses.</param>
/// <param name="Verifier">The verifier (<c>name@version</c>) a verify stage reported, or null.</param>
public sealed record StageDescription(int Index, string Name, string Kind, JsonNode? Value, JsonObject Options, IReadOnlyList<string> ModelNames, string? Verifier)
{
    /// <summary>Whether the stage turns one item into several of another type (documents → passages → samples), so its input and output are counted in different units.</summary>
    public bool FansOut => Kind is "chunk" or "generate" or "assemble";

    /// <summary>The kind's value as a list of strings (a scalar is a one-element list; a mapping gives none).</summary>
    public IReadOnlyList<string> ValueList => Value switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        JsonArray array => array.Select(v => v is JsonValue item && item.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "null").ToArray(),
        _ => [],
    };
}
