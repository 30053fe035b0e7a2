namespace MidTrain.Verifiers.Math;

/// <summary>A node of a parsed answer. Immutable; trees are built by <see cref="ExpressionParser"/>.</summary>
internal abstract class Expr
{
}

/// <summary>A number as written; <see cref="IsDecimal"/> marks a written decimal point (an inexact value).</summary>
internal sealed class NumExpr(BigRational value, bool isDecimal) : Expr
{
    public BigRational Value { get; } = value;

    public bool IsDecimal { get; } = isDecimal;
}

/// <summary>A free variable, e.g. <c>x</c>, <c>a_{37}</c> (subscripts are part of the name).</summary>
internal sealed class SymExpr(string name) : Expr
{
    public string Name { get; } = name;
}

/// <summary>The constants π, e, i and ∞.</summary>
internal enum ConstKind
{
    Pi,
    E,
    I,
    Infinity,
}

/// <summary>A named mathematical constant.</summary>
internal sealed class ConstExpr(ConstKind kind) : Expr
{
    public ConstKind Kind { get; } = kind;
}

/// <summary>A sum of terms.</summary>
internal sealed class AddExpr(Expr[] terms) : Expr
{
    public Expr[] Terms { get; } = terms;
}

/// <summary>A product of factors.</summary>
internal sealed class MulExpr(Expr[] factors) : Expr
{
    public Expr[] Factors { get; } = factors;
}

/// <summary>Negation.</summary>
internal sealed class NegExpr(Expr operand) : Expr
{
    public Expr Operand { get; } = operand;
}

/// <summary>
/// A percentage as written, <c>25\%</c> or <c>25 percent</c>: its value is the operand divided by 100. Kept as a node so
/// that a percentage can also match the number as written (see <see cref="Percentages"/>).
/// </summary>
internal sealed class PercentExpr(Expr operand) : Expr
{
    public Expr Operand { get; } = operand;
}

/// <summary>A quotient.</summary>
internal sealed class DivExpr(Expr numerator, Expr denominator) : Expr
{
    public Expr Numerator { get; } = numerator;

    public Expr Denominator { get; } = denominator;
}

/// <summary>A power.</summary>
internal sealed class PowExpr(Expr @base, Expr exponent) : Expr
{
    public Expr Base { get; } = @base;

    public Expr Exponent { get; } = exponent;
}

/// <summary>
/// A function application: a known function (<c>sin</c>, <c>sqrt</c>, <c>log</c>, <c>abs</c>, …) or, when
/// <see cref="IsUnknown"/>, an unknown one like <c>f(x)</c>, evaluated as a fixed pseudo-random function of its name.
/// </summary>
internal sealed class FuncExpr(string name, Expr[] args, bool isUnknown) : Expr
{
    public string Name { get; } = name;

    public Expr[] Args { get; } = args;

    public bool IsUnknown { get; } = isUnknown;
}

/// <summary><c>a ± b</c> (Left null for a leading ±): stands for the two values a+b and a−b.</summary>
internal sealed class PlusMinusExpr(Expr? left, Expr right) : Expr
{
    public Expr? Left { get; } = left;

    public Expr Right { get; } = right;
}

/// <summary>An ordered tuple; <see cref="IsParenPair"/> marks <c>(a, b)</c>, which may also mean an open interval.</summary>
internal sealed class TupleExpr(Expr[] items, bool isParenPair) : Expr
{
    public Expr[] Items { get; } = items;

    public bool IsParenPair { get; } = isParenPair;
}

/// <summary>
/// A set or a list of answers: <c>\{1,2\}</c>, several boxed answers, or a bare list <c>10, 4, -2</c>. A bare list is
/// <see cref="IsWrittenList"/>: compared in order against another bare list of plain values.
/// </summary>
internal sealed class SetExpr(Expr[] items, bool isWrittenList = false) : Expr
{
    public Expr[] Items { get; } = items;

    public bool IsWrittenList { get; } = isWrittenList;
}

/// <summary>An interval with open or closed ends.</summary>
internal sealed class IntervalExpr(Expr low, Expr high, bool lowOpen, bool highOpen) : Expr
{
    public Expr Low { get; } = low;

    public Expr High { get; } = high;

    public bool LowOpen { get; } = lowOpen;

    public bool HighOpen { get; } = highOpen;
}

/// <summary>A union of sets.</summary>
internal sealed class UnionExpr(Expr[] parts) : Expr
{
    public Expr[] Parts { get; } = parts;
}

/// <summary>A matrix (or vector) given row by row.</summary>
internal sealed class MatrixExpr(Expr[][] rows) : Expr
{
    public Expr[][] Rows { get; } = rows;
}

/// <summary>Relation operators, normalised from their many spellings.</summary>
internal enum RelOp
{
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Approx,
}

/// <summary>A chain of relations: <c>a = b = c</c>, <c>-2 ≤ x &lt; 7</c>.</summary>
internal sealed class RelationExpr(Expr[] operands, RelOp[] ops) : Expr
{
    public Expr[] Operands { get; } = operands;

    public RelOp[] Ops { get; } = ops;
}

/// <summary><c>x \in S</c>.</summary>
internal sealed class ElementOfExpr(Expr element, Expr set) : Expr
{
    public Expr Element { get; } = element;

    public Expr Set { get; } = set;
}

/// <summary>A ratio <c>a:b</c>.</summary>
internal sealed class RatioExpr(Expr left, Expr right) : Expr
{
    public Expr Left { get; } = left;

    public Expr Right { get; } = right;
}

/// <summary>Free text (<c>\text{Evelyn}</c>), compared as normalised text.</summary>
internal sealed class TextExpr(string text) : Expr
{
    public string Text { get; } = text;
}
