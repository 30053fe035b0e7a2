using System.Text;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// Splits a normalised answer into tokens. Numbers absorb thousands separators (<c>7,425,000</c>, <c>1 000</c>) and,
/// when <see cref="LexerMode.DecimalComma"/> is set, a decimal comma (<c>2,74</c>). Letters are single-letter tokens
/// (implicit multiplication), except whole words that name a function or constant (<c>sin</c>, <c>pi</c>).
/// </summary>
internal static class Lexer
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
        "log", "ln", "exp", "sqrt", "pi", "infty", "inf", "infinity", "oo",
    };

    private static readonly HashSet<string> TextCommands = new(StringComparer.Ordinal)
    {
        "text", "textbf", "textit", "textnormal", "textrm", "textsf", "texttt", "mbox", "hbox", "mathrm", "mathbf",
        "mathit", "mathsf", "mathtt", "mathcal", "mathbb", "mathscr", "mathfrak", "boldsymbol", "bm", "operatorname",
    };

    public static List<Token> Tokenize(string s, LexerMode mode, CheckBudget budget)
    {
        var tokens = new List<Token>(s.Length / 2 + 4);
        var i = 0;
        var depth = 0;
        while (i < s.Length)
        {
            budget.Step();
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (IsDigit(c) || (c == '.' && i + 1 < s.Length && IsDigit(s[i + 1])))
            {
                i = ReadNumber(s, i, mode, depth > 0, tokens);
                continue;
            }

            if (char.IsLetter(c) && c < 128)
            {
                var start = i;
                while (i < s.Length && char.IsLetter(s[i]) && s[i] < 128)
                {
                    i++;
                }

                var word = s[start..i];
                if (Words.Contains(word))
                {
                    tokens.Add(new Token(TokenKind.Command, word));
                }
                else
                {
                    foreach (var letter in word)
                    {
                        tokens.Add(new Token(TokenKind.Letter, letter.ToString()));
                    }
                }

                continue;
            }

            if (c == '\\')
            {
                i = ReadCommand(s, i, tokens);
                continue;
            }

            if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']' && depth > 0)
            {
                depth--;
            }

            i++;
            switch (c)
            {
                case '<' when i < s.Length && s[i] == '=':
                    tokens.Add(new Token(TokenKind.Symbol, "<="));
                    i++;
                    break;
                case '>' when i < s.Length && s[i] == '=':
                    tokens.Add(new Token(TokenKind.Symbol, ">="));
                    i++;
                    break;
                case '!' when i < s.Length && s[i] == '=':
                    tokens.Add(new Token(TokenKind.Symbol, "!="));
                    i++;
                    break;
                case '=' when i < s.Length && s[i] == '<':
                    tokens.Add(new Token(TokenKind.Symbol, "<="));
                    i++;
                    break;
                case '*' when i < s.Length && s[i] == '*':
                    tokens.Add(new Token(TokenKind.Symbol, "^"));
                    i++;
                    break;
                case '≤' or '⩽':
                    tokens.Add(new Token(TokenKind.Symbol, "<="));
                    break;
                case '≥' or '⩾':
                    tokens.Add(new Token(TokenKind.Symbol, ">="));
                    break;
                case '≠':
                    tokens.Add(new Token(TokenKind.Symbol, "!="));
                    break;
                case '≈':
                    tokens.Add(new Token(TokenKind.Command, "approx"));
                    break;
                case '−' or '–':
                    tokens.Add(new Token(TokenKind.Symbol, "-"));
                    break;
                case '×' or '·' or '⋅':
                    tokens.Add(new Token(TokenKind.Symbol, "*"));
                    break;
                case '÷':
                    tokens.Add(new Token(TokenKind.Symbol, "/"));
                    break;
                case '±':
                    tokens.Add(new Token(TokenKind.Command, "pm"));
                    break;
                case 'π':
                    tokens.Add(new Token(TokenKind.Command, "pi"));
                    break;
                case '∞':
                    tokens.Add(new Token(TokenKind.Command, "infty"));
                    break;
                case '√':
                    tokens.Add(new Token(TokenKind.Command, "sqrt"));
                    break;
                case '∪':
                    tokens.Add(new Token(TokenKind.Command, "cup"));
                    break;
                case '∩':
                    tokens.Add(new Token(TokenKind.Command, "cap"));
                    break;
                case '∈':
                    tokens.Add(new Token(TokenKind.Command, "in"));
                    break;
                case '²':
                    tokens.Add(new Token(TokenKind.Symbol, "^"));
                    tokens.Add(new Token(TokenKind.Number, "2"));
                    break;
                case '³':
                    tokens.Add(new Token(TokenKind.Symbol, "^"));
                    tokens.Add(new Token(TokenKind.Number, "3"));
                    break;
                case '+' or '-' or '*' or '/' or '^' or '_' or '(' or ')' or '[' or ']' or '{' or '}' or ',' or ';' or ':'
                    or '=' or '<' or '>' or '!' or '|' or '&' or '%' or '\'':
                    tokens.Add(new Token(TokenKind.Symbol, c.ToString()));
                    break;
                default:
                    // Anything else (currency signs, stray punctuation, other scripts) cannot be part of an answer.
                    throw new MathSyntaxException($"unexpected character '{c}'");
            }
        }

        tokens.Add(new Token(TokenKind.End, string.Empty));
        return tokens;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static int CountDigits(string s, int i)
    {
        var n = 0;
        while (i + n < s.Length && IsDigit(s[i + n]))
        {
            n++;
        }

        return n;
    }

    private static int ReadNumber(string s, int i, LexerMode mode, bool inBrackets, List<Token> tokens)
    {
        var sb = new StringBuilder();
        var first = CountDigits(s, i);
        sb.Append(s, i, first);
        i += first;
        var isDecimal = false;

        // Thousands groups: 1-3 leading digits (not a lone 0), then groups of exactly three after ',' or a space.
        if (first is >= 1 and <= 3 && !(first == 1 && s[i - 1] == '0'))
        {
            // Inside brackets a comma separates items: (12,102) is a pair, not 12102.
            while (i + 1 < s.Length && ((s[i] == ',' && !inBrackets) || s[i] == ' ') && CountDigits(s, i + 1) == 3)
            {
                // A decimal comma reading (1,234 as 1.234) is only taken for lone numbers; "1,234,5" is not a number.
                if (s[i] == ',' && mode.HasFlag(LexerMode.DecimalComma) && !LooksLikeThousands(s, i))
                {
                    break;
                }

                if (s[i] == ' ' && i + 4 < s.Length && s[i + 4] == ',' && CountDigits(s, i + 5) != 3)
                {
                    break;
                }

                sb.Append(s, i + 1, 3);
                i += 4;
            }
        }

        // The decimal separator: a point, or with DecimalComma also a comma; either is written as a point.
        if (i + 1 < s.Length && (s[i] == '.' || (s[i] == ',' && mode.HasFlag(LexerMode.DecimalComma))) && IsDigit(s[i + 1]))
        {
            var frac = CountDigits(s, i + 1);
            sb.Append('.').Append(s, i + 1, frac);
            i += 1 + frac;
            isDecimal = true;
        }

        if (sb.Length > 0 && sb[0] == '.')
        {
            sb.Insert(0, '0');
        }

        tokens.Add(new Token(TokenKind.Number, sb.ToString(), isDecimal));
        return i;
    }

    /// <summary>True when the comma at <paramref name="i"/> starts a run of exact three-digit groups ending the number.</summary>
    private static bool LooksLikeThousands(string s, int i)
    {
        var groups = 0;
        while (i + 1 < s.Length && s[i] == ',' && CountDigits(s, i + 1) == 3)
        {
            groups++;
            i += 4;
        }

        if (i < s.Length && s[i] == ',' && i + 1 < s.Length && IsDigit(s[i + 1]))
        {
            return false;
        }

        // One group with a leading "0," reads as a decimal (0,111); several groups are thousands.
        return groups >= 1;
    }

    private static int ReadCommand(string s, int i, List<Token> tokens)
    {
        // s[i] == '\\'
        if (i + 1 >= s.Length)
        {
            throw new MathSyntaxException("dangling backslash");
        }

        var c = s[i + 1];
        if (!char.IsLetter(c))
        {
            switch (c)
            {
                case '{':
                    tokens.Add(new Token(TokenKind.Symbol, "\\{"));
                    break;
                case '}':
                    tokens.Add(new Token(TokenKind.Symbol, "\\}"));
                    break;
                case '\\':
                    tokens.Add(new Token(TokenKind.Symbol, "\\\\"));
                    break;
                case '|':
                    tokens.Add(new Token(TokenKind.Symbol, "|"));
                    break;
                case '%':
                    tokens.Add(new Token(TokenKind.Symbol, "%"));
                    break;
                case ',' or ';' or ':' or '!' or ' ' or '>' or '$' or '\n' or '\t':
                    break;
                default:
                    throw new MathSyntaxException($"unknown command \\{c}");
            }

            return i + 2;
        }

        var j = i + 1;
        while (j < s.Length && char.IsLetter(s[j]) && s[j] < 128)
        {
            j++;
        }

        var name = s[(i + 1)..j];
        if (name.EndsWith('*'))
        {
            name = name[..^1];
        }

        if (TextCommands.Contains(name))
        {
            while (j < s.Length && s[j] == ' ')
            {
                j++;
            }

            if (j < s.Length && s[j] == '{')
            {
                var end = MatchBrace(s, j);
                var content = s[(j + 1)..end];
                tokens.Add(new Token(TokenKind.Text, content, name == "operatorname"));
                return end + 1;
            }

            // \rm-style switches without an argument change nothing.
            return j;
        }

        tokens.Add(new Token(TokenKind.Command, name));
        return j;
    }

    /// <summary>Index of the brace closing the one at <paramref name="open"/>, or the end of the string when unbalanced.</summary>
    public static int MatchBrace(string s, int open)
    {
        var depth = 0;
        for (var k = open; k < s.Length; k++)
        {
            if (s[k] == '\\' && k + 1 < s.Length && (s[k + 1] == '{' || s[k + 1] == '}'))
            {
                k++;
                continue;
            }

            if (s[k] == '{')
            {
                depth++;
            }
            else if (s[k] == '}')
            {
                depth--;
                if (depth == 0)
                {
                    return k;
                }
            }
        }

        throw new MathSyntaxException("unbalanced braces");
    }
}
