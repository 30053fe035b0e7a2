namespace MidTrain.Verifiers.Math;

/// <summary>How an answer string is read.</summary>
[Flags]
internal enum LexerMode
{
    /// <summary>LaTeX: exponents and <c>\frac</c> arguments without braces take one character.</summary>
    Latex = 0,

    /// <summary>Plain text: exponents take whole numbers.</summary>
    Plain = 1,

    /// <summary>A lone number may use a decimal comma (<c>2,74</c>).</summary>
    DecimalComma = 2,
}
