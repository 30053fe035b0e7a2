using System.Numerics;
using System.Runtime.CompilerServices;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// Recursive-descent parser from a normalised answer to an <see cref="Expr"/> tree. Bounded: recursion depth is
/// capped and every token step is charged to the <see cref="CheckBudget"/>. Not thread-safe (one instance per parse).
/// </summary>
internal sealed class ExpressionParser
{
    private const int MaxDepth = 120;
    private const int MaxTreeDepth = 160;

    private static readonly HashSet<string> KnownFunctions = new(StringComparer.Ordinal)
    {
        "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "log", "ln", "lg",
        "exp", "arcsec", "arccsc", "arccot",
    };

    private static readonly HashSet<string> FunctionLetters = new(StringComparer.Ordinal) { "f", "g", "h", "F", "G", "H", "P", "Q", "W" };

    private static readonly HashSet<string> IgnoredCommands = new(StringComparer.Ordinal)
    {
        "angle", "triangle", "measuredangle", "overline", "overrightarrow", "vec", "hat", "bar", "widehat", "underline",
        "Rightarrow", "rightarrow", "implies", "therefore", "because", "to",
    };

    private readonly List<Token> _tokens;
    private readonly LexerMode _mode;
    private readonly bool _joined;
    private readonly CheckBudget _budget;
    private int _pos;
    private int _depth;
    private int _absDepth;

    private ExpressionParser(List<Token> tokens, LexerMode mode, bool joined, CheckBudget budget)
    {
        _tokens = tokens;
        _mode = mode;
        _joined = joined;
        _budget = budget;
    }

    /// <summary>
    /// Parses <paramref name="normalized"/> or throws <see cref="MathSyntaxException"/>. <paramref name="joined"/> marks
    /// text made by joining separate answers (several boxes), whose top-level list is a set rather than a written list.
    /// </summary>
    public static Expr Parse(string normalized, LexerMode mode, CheckBudget budget, bool joined = false)
    {
        var tokens = Lexer.Tokenize(normalized, mode, budget);
        tokens = Rewrite(tokens, mode, budget);
        if (tokens.Count == 1)
        {
            throw new MathSyntaxException("empty answer");
        }

        if (tokens.Count == 2 && tokens[0].Kind == TokenKind.Text)
        {
            return new TextExpr(tokens[0].Text.Trim());
        }

        var parser = new ExpressionParser(tokens, mode, joined, budget);
        var result = parser.ParseTop();
        if (parser.Peek.Kind != TokenKind.End)
        {
            throw new MathSyntaxException($"unexpected '{parser.Peek.Text}'");
        }

        // Comparison and evaluation recurse over the tree; a bounded height keeps them off the stack limit.
        if (ExprTools.Depth(result) > MaxTreeDepth)
        {
            throw new MathSyntaxException("expression nested too deeply");
        }

        return result;
    }

    /// <summary>Resolves text commands: single letters and numbers are read as math, other words (units, prose) dropped.</summary>
    private static List<Token> Rewrite(List<Token> tokens, LexerMode mode, CheckBudget budget)
    {
        if (!tokens.Exists(t => t.Kind == TokenKind.Text) || (tokens.Count == 2 && !IsMathText(tokens[0].Text)))
        {
            return tokens;
        }

        var result = new List<Token>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind != TokenKind.Text)
            {
                result.Add(t);
                continue;
            }

            var content = t.Text.Trim();
            if (t.IsDecimal)
            {
                // \operatorname{name}
                result.Add(new Token(TokenKind.Command, content));
                continue;
            }

            if (IsMathText(content))
            {
                var inner = Lexer.Tokenize(content.Trim('(', ')', ' '), mode, budget);
                result.AddRange(inner.Take(inner.Count - 1));
                continue;
            }

            // Drop a unit together with its power: "\text{cm}^2".
            if (i + 2 < tokens.Count && tokens[i + 1].Is("^") && tokens[i + 2].Kind == TokenKind.Number)
            {
                i += 2;
            }
        }

        return result;
    }

    private static bool IsMathText(string content)
    {
        var trimmed = content.Trim();
        if (trimmed.Length >= 3 && trimmed[0] == '(' && trimmed[^1] == ')')
        {
            trimmed = trimmed[1..^1].Trim();
        }

        if (trimmed.Length == 1 && char.IsLetter(trimmed[0]) && trimmed[0] < 128)
        {
            return true;
        }

        return trimmed.Length > 0 && trimmed.All(c => c is (>= '0' and <= '9') or '.' or ',' or ' ' or '-' or '+' or '/');
    }

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int offset) => _pos + offset < _tokens.Count ? _tokens[_pos + offset] : _tokens[^1];

    private Token Next()
    {
        _budget.Step();
        var t = _tokens[_pos];
        if (_pos < _tokens.Count - 1)
        {
            _pos++;
        }

        return t;
    }

    private void Expect(string symbol)
    {
        if (!Peek.Is(symbol))
        {
            throw new MathSyntaxException($"expected '{symbol}' but found '{Peek.Text}'");
        }

        Next();
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new MathSyntaxException("expression nested too deeply");
        }

        _budget.Step();
        RuntimeHelpers.EnsureSufficientExecutionStack();
    }

    private void Leave() => _depth--;

    private Expr ParseTop()
    {
        var groups = new List<List<Expr>>();
        var current = new List<Expr>();
        var sawSemicolon = false;
        while (true)
        {
            if (Peek.Kind == TokenKind.End)
            {
                break;
            }

            if (Peek.Is(",") || Peek.Is(";"))
            {
                // Tolerate empty items ("1, , 2" after removing words).
                if (Peek.Is(";"))
                {
                    sawSemicolon = true;
                    groups.Add(current);
                    current = [];
                }

                Next();
                continue;
            }

            current.Add(ParseRelation());
            if (!(Peek.Is(",") || Peek.Is(";") || Peek.Kind == TokenKind.End))
            {
                // Answers written side by side without a separator ("1 2") are not one expression.
                throw new MathSyntaxException($"unexpected '{Peek.Text}'");
            }
        }

        groups.Add(current);
        groups.RemoveAll(g => g.Count == 0);
        if (groups.Count == 0)
        {
            throw new MathSyntaxException("empty answer");
        }

        if (!sawSemicolon)
        {
            return groups[0].Count == 1 ? groups[0][0] : new SetExpr([.. groups[0]], isWrittenList: !_joined);
        }

        // "p=5,q=2; p=7,q=2": each group of assignments is one tuple of values.
        var items = new List<Expr>();
        foreach (var g in groups)
        {
            if (g.Count == 1)
            {
                items.Add(g[0]);
            }
            else if (g.TrueForAll(e => e is RelationExpr { Ops.Length: 1 } r && r.Ops[0] == RelOp.Eq))
            {
                items.Add(new TupleExpr([.. g.Select(e => ((RelationExpr)e).Operands[1])], g.Count == 2));
            }
            else
            {
                items.Add(new SetExpr([.. g]));
            }
        }

        return items.Count == 1 ? items[0] : new SetExpr([.. items]);
    }

    private List<Expr> ParseItems(out bool sawSeparator)
    {
        var items = new List<Expr> { ParseRelation() };
        sawSeparator = false;
        while (Peek.Is(",") || Peek.Is(";"))
        {
            sawSeparator = true;
            Next();
            items.Add(ParseRelation());
        }

        return items;
    }

    private Expr ParseRelation()
    {
        Enter();
        try
        {
            var first = ParseSetOps();
            if (Peek.IsCommand("in"))
            {
                Next();
                return new ElementOfExpr(first, ParseSetOps());
            }

            var operands = new List<Expr> { first };
            var ops = new List<RelOp>();
            while (TryRelOp(out var op))
            {
                ops.Add(op);
                operands.Add(ParseSetOps());
            }

            return ops.Count == 0 ? first : new RelationExpr([.. operands], [.. ops]);
        }
        finally
        {
            Leave();
        }
    }

    private bool TryRelOp(out RelOp op)
    {
        var t = Peek;
        op = RelOp.Eq;
        if (t.Kind == TokenKind.Symbol)
        {
            switch (t.Text)
            {
                case "=":
                    op = RelOp.Eq;
                    break;
                case "<":
                    op = RelOp.Lt;
                    break;
                case ">":
                    op = RelOp.Gt;
                    break;
                case "<=":
                    op = RelOp.Le;
                    break;
                case ">=":
                    op = RelOp.Ge;
                    break;
                case "!=":
                    op = RelOp.Ne;
                    break;
                default:
                    return false;
            }
        }
        else if (t.Kind == TokenKind.Command)
        {
            switch (t.Text)
            {
                case "le" or "leq" or "leqslant" or "leqq":
                    op = RelOp.Le;
                    break;
                case "ge" or "geq" or "geqslant" or "geqq":
                    op = RelOp.Ge;
                    break;
                case "lt":
                    op = RelOp.Lt;
                    break;
                case "gt":
                    op = RelOp.Gt;
                    break;
                case "ne" or "neq":
                    op = RelOp.Ne;
                    break;
                case "approx" or "simeq" or "sim" or "thickapprox":
                    op = RelOp.Approx;
                    break;
                case "equiv" or "coloneqq" or "eqqcolon":
                    op = RelOp.Eq;
                    break;
                default:
                    return false;
            }
        }
        else
        {
            return false;
        }

        Next();
        return true;
    }

    private Expr ParseSetOps()
    {
        var left = ParseRatio();
        List<Expr>? parts = null;
        while (Peek.IsCommand("cup") || Peek.IsCommand("cap") || Peek.IsCommand("setminus"))
        {
            var op = Next().Text;
            var right = ParseRatio();
            if (op == "cup")
            {
                parts ??= [left];
                parts.Add(right);
            }
            else
            {
                var l = parts is null ? left : new UnionExpr([.. parts]);
                parts = null;
                left = new FuncExpr(op, [l, right], isUnknown: false);
            }
        }

        return parts is null ? left : new UnionExpr([.. parts]);
    }

    private Expr ParseRatio()
    {
        var left = ParseAdditive();
        if (Peek.Is(":"))
        {
            Next();
            return new RatioExpr(left, ParseAdditive());
        }

        return left;
    }

    private Expr ParseAdditive()
    {
        Enter();
        try
        {
            var terms = new List<Expr> { ParseTerm() };
            Expr? pm = null;
            while (true)
            {
                if (Peek.Is("+"))
                {
                    Next();
                    terms.Add(ParseTerm());
                }
                else if (Peek.Is("-"))
                {
                    Next();
                    terms.Add(new NegExpr(ParseTerm()));
                }
                else if (Peek.IsCommand("pm") || Peek.IsCommand("mp"))
                {
                    var minusFirst = Next().Text == "mp";
                    var left = Combine(terms, pm);
                    var right = ParseTerm();
                    pm = new PlusMinusExpr(left, minusFirst ? new NegExpr(right) : right);
                    terms = [];
                }
                else
                {
                    break;
                }
            }

            return Combine(terms, pm);
        }
        finally
        {
            Leave();
        }
    }

    private static Expr Combine(List<Expr> terms, Expr? head)
    {
        if (head is not null)
        {
            terms.Insert(0, head);
        }

        return terms.Count == 1 ? terms[0] : new AddExpr([.. terms]);
    }

    private Expr ParseTerm()
    {
        Enter();
        try
        {
            var result = ParseUnary();
            while (true)
            {
                if (Peek.Is("*") || Peek.IsCommand("cdot") || Peek.IsCommand("times") || Peek.IsCommand("ast"))
                {
                    Next();
                    result = Multiply(result, ParseUnary());
                }
                else if (Peek.Is("/") || Peek.IsCommand("div"))
                {
                    Next();
                    result = new DivExpr(result, ParseUnary());
                }
                else if (StartsImplicitFactor())
                {
                    result = Multiply(result, ParsePower());
                }
                else
                {
                    return result;
                }
            }
        }
        finally
        {
            Leave();
        }
    }

    private static Expr Multiply(Expr a, Expr b) =>
        a is MulExpr m ? new MulExpr([.. m.Factors, b]) : new MulExpr([a, b]);

    private bool StartsImplicitFactor()
    {
        var t = Peek;
        return t.Kind switch
        {
            TokenKind.Number or TokenKind.Letter or TokenKind.Text => true,
            TokenKind.Command => t.Text is not ("pm" or "mp" or "cdot" or "times" or "div" or "cup" or "cap" or "setminus" or "in"
                or "le" or "leq" or "ge" or "geq" or "lt" or "gt" or "ne" or "neq" or "approx" or "simeq" or "sim" or "equiv"
                or "end" or "ast" or "leqslant" or "geqslant" or "right" or "rfloor" or "rceil" or "thickapprox" or "leqq" or "geqq"
                or "coloneqq" or "eqqcolon"),
            TokenKind.Symbol => t.Text is "(" or "\\{" || (t.Text == "|" && _absDepth == 0) || (t.Text == "{"),
            _ => false,
        };
    }

    private Expr ParseUnary()
    {
        Enter();
        try
        {
            if (Peek.Is("-"))
            {
                Next();
                return new NegExpr(ParseUnary());
            }

            if (Peek.Is("+"))
            {
                Next();
                return ParseUnary();
            }

            if (Peek.IsCommand("pm") || Peek.IsCommand("mp"))
            {
                var minus = Next().Text == "mp";
                var operand = ParseUnary();
                return new PlusMinusExpr(null, minus ? new NegExpr(operand) : operand);
            }

            return ParsePower();
        }
        finally
        {
            Leave();
        }
    }

    private Expr ParsePower()
    {
        Enter();
        try
        {
            var b = ParsePostfix();
            if (Peek.Is("^"))
            {
                Next();
                var e = ParseExponent();
                var p = b is MatrixExpr m && MatrixAlgebra.IsTransposeMark(e) ? MatrixAlgebra.Transpose(m) : (Expr)new PowExpr(b, e);
                while (Peek.Is("!") || Peek.Is("%"))
                {
                    p = Next().Text == "%" ? new PercentExpr(p) : new FuncExpr("factorial", [p], isUnknown: false);
                }

                return p;
            }

            return b;
        }
        finally
        {
            Leave();
        }
    }

    private Expr ParseExponent()
    {
        Enter();
        try
        {
            if (Peek.Is("-"))
            {
                Next();
                return new NegExpr(ParseExponent());
            }

            if (Peek.Is("+"))
            {
                Next();
                return ParseExponent();
            }

            if (Peek.Kind == TokenKind.Number && !_mode.HasFlag(LexerMode.Plain))
            {
                return TakeSingleDigit();
            }

            var b = ParsePostfix();
            if (Peek.Is("^"))
            {
                Next();
                return new PowExpr(b, ParseExponent());
            }

            return b;
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>In LaTeX, <c>x^23</c> and <c>\frac13</c> take one digit; the rest stays as the next token.</summary>
    private Expr TakeSingleDigit()
    {
        var t = Peek;
        if (t.IsDecimal || t.Text.Length == 1)
        {
            Next();
            return Number(t);
        }

        _tokens[_pos] = t with { Text = t.Text[1..] };
        return new NumExpr(BigRational.FromInteger(t.Text[0] - '0'), isDecimal: false);
    }

    private static NumExpr Number(Token t)
    {
        if (!BigRational.TryParseDecimal(t.Text, out var value))
        {
            throw new MathSyntaxException($"bad number '{t.Text}'");
        }

        return new NumExpr(value, t.IsDecimal);
    }

    private Expr ParsePostfix()
    {
        var p = ParsePrimary();
        while (true)
        {
            if (Peek.Is("!") && !PeekAt(1).Is("="))
            {
                Next();
                p = new FuncExpr("factorial", [p], isUnknown: false);
            }
            else if (Peek.Is("%"))
            {
                Next();
                p = new PercentExpr(p);
            }
            else if (Peek.Is("'"))
            {
                Next();
                p = p is SymExpr s ? new SymExpr(s.Name + "'") : throw new MathSyntaxException("prime on a non-symbol");
            }
            else if (Peek.Is("_"))
            {
                Next();
                p = Subscript(p);
            }
            else
            {
                return p;
            }
        }
    }

    private Expr Subscript(Expr baseExpr)
    {
        string? baseName = baseExpr switch
        {
            SymExpr s => s.Name,
            ConstExpr { Kind: ConstKind.E } => "e",
            ConstExpr { Kind: ConstKind.I } => "i",
            ConstExpr { Kind: ConstKind.Pi } => "pi",
            NumExpr n when !n.IsDecimal => n.Value.ToString(),
            _ => null,
        };
        if (baseName is null)
        {
            throw new MathSyntaxException("subscript on an expression");
        }

        // Simple subscripts (digits, letters) become part of the name; others make an indexed family f_(expr).
        var start = _pos;
        string? simple = null;
        if (Peek.Is("{"))
        {
            var k = 1;
            var sb = new System.Text.StringBuilder();
            while (PeekAt(k).Kind is TokenKind.Number or TokenKind.Letter or TokenKind.Command && !PeekAt(k).IsCommand("end"))
            {
                sb.Append(PeekAt(k).Text);
                k++;
            }

            if (PeekAt(k).Is("}") && sb.Length > 0)
            {
                simple = sb.ToString();
                for (var j = 0; j <= k; j++)
                {
                    Next();
                }
            }
        }
        else if (Peek.Kind is TokenKind.Number or TokenKind.Letter)
        {
            simple = Peek.Kind == TokenKind.Number ? Number(Next()).Value.ToString() : Next().Text;
        }

        if (simple is not null)
        {
            if (baseExpr is NumExpr num && int.TryParse(simple, out var radix) && radix is >= 2 and <= 36)
            {
                return FromBase(num.Value.ToString(), radix) ?? new SymExpr(baseName + "_" + simple);
            }

            return new SymExpr(baseName + "_" + simple);
        }

        _pos = start;
        var index = ParseGroupOrAtom();
        return new FuncExpr(baseName + "_", [index], isUnknown: true);
    }

    private static Expr? FromBase(string digits, int radix)
    {
        BigInteger value = 0;
        foreach (var c in digits)
        {
            var d = c - '0';
            if (d < 0 || d >= radix)
            {
                return null;
            }

            value = value * radix + d;
        }

        return new NumExpr(BigRational.FromInteger(value), isDecimal: false);
    }

    /// <summary>A braced group, or a single atom (for \frac12, \sqrt3, subscripts).</summary>
    private Expr ParseGroupOrAtom()
    {
        if (Peek.Is("{"))
        {
            Next();
            var inner = ParseGroupContent("}");
            Expect("}");
            return inner;
        }

        if (Peek.Kind == TokenKind.Number)
        {
            return TakeSingleDigit();
        }

        if (Peek.Kind == TokenKind.Letter)
        {
            return Letter(Next().Text);
        }

        if (Peek.Kind == TokenKind.Command)
        {
            return ParsePrimary();
        }

        throw new MathSyntaxException($"expected an argument but found '{Peek.Text}'");
    }

    private Expr ParseGroupContent(string closer)
    {
        if (Peek.Is(closer))
        {
            throw new MathSyntaxException("empty group");
        }

        var items = ParseItems(out var sawSeparator);
        return sawSeparator ? new SetExpr([.. items]) : items[0];
    }

    private static Expr Letter(string letter) => letter switch
    {
        "e" => new ConstExpr(ConstKind.E),
        "i" => new ConstExpr(ConstKind.I),
        _ => new SymExpr(letter),
    };

    private Expr ParsePrimary()
    {
        Enter();
        try
        {
            var t = Peek;
            switch (t.Kind)
            {
                case TokenKind.Number:
                    Next();
                    return Number(t);
                case TokenKind.Letter:
                    Next();
                    if (FunctionLetters.Contains(t.Text) && Peek.Is("("))
                    {
                        Next();
                        var args = ParseItems(out _);
                        Expect(")");
                        return new FuncExpr(t.Text, [.. args], isUnknown: true);
                    }

                    return Letter(t.Text);
                case TokenKind.Text:
                    Next();
                    return new TextExpr(t.Text.Trim());
                case TokenKind.Command:
                    return ParseCommand();
                case TokenKind.Symbol:
                    return ParseBracketed();
                default:
                    throw new MathSyntaxException("unexpected end of answer");
            }
        }
        finally
        {
            Leave();
        }
    }

    private Expr ParseBracketed()
    {
        var t = Next();
        switch (t.Text)
        {
            case "(":
            case "[":
            {
                var items = ParseItems(out _);
                var close = Next();
                if (close.Text is not (")" or "]"))
                {
                    throw new MathSyntaxException($"expected a closing bracket but found '{close.Text}'");
                }

                var openLeft = t.Text == "(";
                var openRight = close.Text == ")";
                if (items.Count == 1)
                {
                    if (openLeft != openRight)
                    {
                        throw new MathSyntaxException("mismatched brackets");
                    }

                    return items[0];
                }

                if (items.Count == 2 && !(openLeft && openRight))
                {
                    return new IntervalExpr(items[0], items[1], openLeft, openRight);
                }

                return new TupleExpr([.. items], items.Count == 2);
            }

            case "{":
            {
                var inner = ParseGroupContent("}");
                Expect("}");
                return inner;
            }

            case "\\{":
            {
                if (Peek.Is("\\}"))
                {
                    Next();
                    return new SetExpr([]);
                }

                var items = ParseItems(out _);
                Expect("\\}");
                return new SetExpr([.. items]);
            }

            case "|":
            {
                _absDepth++;
                var inner = ParseAdditive();
                _absDepth--;
                Expect("|");
                return new FuncExpr("abs", [inner], isUnknown: false);
            }

            default:
                throw new MathSyntaxException($"unexpected '{t.Text}'");
        }
    }

    private Expr ParseCommand()
    {
        var name = Next().Text;
        switch (name)
        {
            case "frac":
            {
                var num = ParseGroupOrAtom();
                var den = ParseGroupOrAtom();
                return new DivExpr(num, den);
            }

            case "binom":
            {
                var n = ParseGroupOrAtom();
                var k = ParseGroupOrAtom();
                return new FuncExpr("binom", [n, k], isUnknown: false);
            }

            case "sqrt":
            {
                Expr? index = null;
                if (Peek.Is("["))
                {
                    Next();
                    index = ParseAdditive();
                    Expect("]");
                }

                var arg = Peek.Is("(") && _mode.HasFlag(LexerMode.Plain) ? ParseBracketed() : ParseGroupOrAtom();
                return index is null ? new FuncExpr("sqrt", [arg], isUnknown: false) : new FuncExpr("root", [arg, index], isUnknown: false);
            }

            case "pi":
                return new ConstExpr(ConstKind.Pi);
            case "infty" or "inf" or "infinity" or "oo":
                return new ConstExpr(ConstKind.Infinity);
            case "emptyset" or "varnothing":
                return new SetExpr([]);
            case "begin":
                return ParseEnvironment();
            case "det":
            {
                var arg = Peek.Is("(") ? ParseBracketed() : ParsePrimary();
                return arg is MatrixExpr m ? MatrixAlgebra.Determinant(m) : new FuncExpr("det", [arg], isUnknown: true);
            }

            case "lfloor" or "lceil":
            {
                var inner = ParseAdditive();
                var close = Next();
                if (!close.IsCommand(name == "lfloor" ? "rfloor" : "rceil"))
                {
                    throw new MathSyntaxException("unclosed floor/ceiling");
                }

                return new FuncExpr(name == "lfloor" ? "floor" : "ceil", [inner], isUnknown: false);
            }

            case "sum" or "prod":
                return ParseBigOperator(name);
        }

        if (KnownFunctions.Contains(name))
        {
            return ParseFunction(name);
        }

        if (IgnoredCommands.Contains(name))
        {
            return Peek.Is("{") ? ParseGroupOrAtom() : ParsePrimary();
        }

        // Greek letters and unknown commands (\alpha, \zzz) are symbols named after the command.
        return new SymExpr("\\" + name);
    }

    private Expr ParseFunction(string name)
    {
        Expr? power = null;
        Expr? logBase = null;
        for (var k = 0; k < 2; k++)
        {
            if (Peek.Is("^"))
            {
                Next();
                power = ParseExponent();
            }
            else if (Peek.Is("_"))
            {
                Next();
                logBase = ParseGroupOrAtom();
            }
        }

        Expr arg;
        if (Peek.Is("("))
        {
            Next();
            arg = ParseAdditive();
            Expect(")");
        }
        else if (Peek.Is("{"))
        {
            arg = ParseGroupOrAtom();
        }
        else
        {
            // \sin 2x: the argument runs over implicit factors until an operator or another function.
            arg = ParsePower();
            while (StartsImplicitFactor() && !(Peek.Kind == TokenKind.Command && KnownFunctions.Contains(Peek.Text)))
            {
                arg = Multiply(arg, ParsePower());
            }
        }

        var inverse = power is NegExpr { Operand: NumExpr { Value.IsInteger: true } one } && one.Value == BigRational.One;
        if (inverse && name is "sin" or "cos" or "tan" or "sec" or "csc" or "cot")
        {
            return new FuncExpr("arc" + name, [arg], isUnknown: false);
        }

        Expr f = logBase is null ? new FuncExpr(name, [arg], isUnknown: false) : new FuncExpr("logb", [arg, logBase], isUnknown: false);
        return power is null ? f : new PowExpr(f, power);
    }

    private Expr ParseBigOperator(string name)
    {
        Expr lower = new SymExpr("?");
        Expr upper = new SymExpr("?");
        for (var k = 0; k < 2; k++)
        {
            if (Peek.Is("_"))
            {
                Next();
                lower = Peek.Is("{") ? ParseGroupOrAtom() : ParsePrimary();
            }
            else if (Peek.Is("^"))
            {
                Next();
                upper = ParseExponent();
            }
        }

        var body = ParseTerm();
        return new FuncExpr(name, [lower, upper, body], isUnknown: false);
    }

    /// <summary>
    /// A matrix environment: <c>matrix</c>, <c>pmatrix</c>, <c>bmatrix</c>, <c>Bmatrix</c>, <c>smallmatrix</c> or
    /// <c>array</c> (its column spec removed by the normaliser) is a matrix; <c>vmatrix</c> is its determinant. Cells
    /// are separated by <c>&amp;</c>, rows by <c>\\</c> (a trailing one is allowed); an empty cell or rows of unequal
    /// length make the answer unparseable, so a shape is never guessed.
    /// </summary>
    private Expr ParseEnvironment()
    {
        var envName = ReadEnvironmentName().TrimEnd('*');
        if (envName is not ("matrix" or "pmatrix" or "bmatrix" or "Bmatrix" or "vmatrix" or "smallmatrix" or "array"))
        {
            throw new MathSyntaxException($"environment {envName} is not an answer");
        }

        if (Peek.Is("["))
        {
            // pmatrix*[r]: the alignment option says nothing about the value.
            while (!Peek.Is("]") && Peek.Kind != TokenKind.End)
            {
                Next();
            }

            Expect("]");
        }

        var rows = new List<Expr[]>();
        var row = new List<Expr>();
        var needCell = true;
        while (true)
        {
            _budget.Step();
            if (Peek.Kind == TokenKind.End)
            {
                throw new MathSyntaxException($"unclosed environment {envName}");
            }

            var endsEnvironment = Peek.IsCommand("end");
            if (endsEnvironment || Peek.Is("\\\\"))
            {
                Next();
                if (row.Count > 0)
                {
                    if (needCell)
                    {
                        throw new MathSyntaxException("empty matrix cell");
                    }

                    rows.Add([.. row]);
                    row = [];
                }

                needCell = true;
                if (endsEnvironment)
                {
                    ReadEnvironmentName();
                    break;
                }

                continue;
            }

            if (Peek.Is("&"))
            {
                if (needCell)
                {
                    throw new MathSyntaxException("empty matrix cell");
                }

                Next();
                needCell = true;
                continue;
            }

            if (!needCell)
            {
                throw new MathSyntaxException($"expected '&' but found '{Peek.Text}'");
            }

            row.Add(ParseRelation());
            needCell = false;
        }

        if (rows.Count == 0 || rows.Exists(r => r.Length != rows[0].Length))
        {
            throw new MathSyntaxException("ragged or empty matrix");
        }

        var matrix = new MatrixExpr([.. rows]);
        return envName == "vmatrix" ? MatrixAlgebra.Determinant(matrix) : matrix;
    }

    private string ReadEnvironmentName()
    {
        Expect("{");
        var sb = new System.Text.StringBuilder();
        while (!Peek.Is("}"))
        {
            if (Peek.Kind == TokenKind.End)
            {
                throw new MathSyntaxException("unclosed environment name");
            }

            var t = Next();
            sb.Append(t.Kind == TokenKind.Symbol && t.Text == "^" ? "*" : t.Text);
        }

        Next();
        return sb.ToString();
    }
}
