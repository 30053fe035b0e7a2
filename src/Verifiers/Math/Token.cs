namespace MidTrain.Verifiers.Math;

/// <summary>Kinds of lexical tokens of an answer.</summary>
internal enum TokenKind
{
    End,
    Number,
    Letter,
    Command,
    Symbol,
    Text,
}

/// <summary>One token: its kind and text (number digits without separators, command name without backslash).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, bool IsDecimal = false)
{
    public bool Is(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

    public bool IsCommand(string name) => Kind == TokenKind.Command && Text == name;
}
