namespace MidTrain.Verifiers.Math;

/// <summary>Raised by the lexer/parser for input that is not a parseable expression; never escapes the checker.</summary>
internal sealed class MathSyntaxException(string message) : Exception(message);
