namespace MidTrain.Verifiers.Math;

/// <summary>One place an answer may be written in a text: its content, how to read it, and which rule found it.</summary>
internal readonly record struct AnswerCandidate(string Content, LexerMode Mode, string Rule);
