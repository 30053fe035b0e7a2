namespace MidTrain.Verifiers.Math;

/// <summary>An extracted answer: the text found, its normalised form, and its tree (null when no candidate parsed).</summary>
internal sealed record ParsedAnswer(string Extracted, string Normalized, Expr? Tree, string Rule);
