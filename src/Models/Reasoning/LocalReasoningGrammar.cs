namespace MidTrain.Models.Reasoning;

/// <summary>
/// Whether a local model's JSON grammar (structured output) lets the model reason first: the grammar then admits a
/// trace between the model's reasoning tags before the JSON value.
/// </summary>
public enum LocalReasoningGrammar
{
    /// <summary>The grammar is the JSON value alone: a model cannot reason under structured output (default).</summary>
    Off,

    /// <summary>A trace may precede the JSON value; the model decides whether to write one.</summary>
    Optional,

    /// <summary>A trace must precede the JSON value.</summary>
    Required,
}
