using System.Text.Json.Serialization;

namespace MidTrain.Core.Records;

/// <summary>
/// One evidence passage of a long-context sample (sample field <c>evidence</c>, see <see cref="LongContextFields"/>):
/// the document it lies in, its span in the context, and its depth — where it starts, as a fraction of the context
/// length (0 = the beginning, 1 = the end) — next to the depth that was asked for. Immutable.
/// </summary>
public sealed record ContextEvidence
{
    /// <summary>The number of the document holding the passage.</summary>
    [JsonPropertyName("document")] public required int Document { get; init; }

    /// <summary>Inclusive start of the passage in the context.</summary>
    [JsonPropertyName("start")] public required int Start { get; init; }

    /// <summary>Exclusive end of the passage in the context.</summary>
    [JsonPropertyName("end")] public required int End { get; init; }

    /// <summary>Start ÷ context length, in [0, 1).</summary>
    [JsonPropertyName("depth")] public required double Depth { get; init; }

    /// <summary>The depth that was drawn (the passage is the one holding this point, or the nearest usable one).</summary>
    [JsonPropertyName("target_depth")] public required double TargetDepth { get; init; }
}
