namespace MidTrain.Models.Local;

/// <summary>How one request samples: temperature 0 is greedy; a grammar (start rule <paramref name="GrammarRoot"/>) constrains every token. Immutable.</summary>
internal sealed record SamplingSettings(float Temperature, float TopP, int TopK, uint Seed, string? Grammar, string GrammarRoot = "root");
