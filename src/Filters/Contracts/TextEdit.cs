using System.Text.Json.Serialization;

namespace MidTrain.Filters.Contracts;

/// <summary>
/// One change a filter made to a text: the span [<see cref="Start"/>, <see cref="End"/>) of the ORIGINAL text (UTF-16
/// offsets) was replaced by <see cref="Replacement"/>. Immutable.
/// </summary>
/// <param name="Start">Inclusive start offset in the original text.</param>
/// <param name="End">Exclusive end offset in the original text.</param>
/// <param name="Kind">What was found there, e.g. <c>email</c>.</param>
/// <param name="Replacement">What replaced it, e.g. <c>&lt;EMAIL&gt;</c>.</param>
public sealed record TextEdit(
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("replacement")] string Replacement);
