namespace MidTrain.Verifiers.Math;

/// <summary>
/// One place an answer may be written in a text: its content, how to read it, which rule found it, and whether it
/// joins several separately written answers (then its items form a set).
/// </summary>
internal readonly record struct AnswerCandidate(string Content, LexerMode Mode, string Rule, bool Joined = false);
