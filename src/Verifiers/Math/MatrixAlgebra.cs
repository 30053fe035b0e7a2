namespace MidTrain.Verifiers.Math;

/// <summary>
/// Matrix arithmetic on <see cref="MatrixExpr"/> trees, element by element, so that the entries of a result are
/// ordinary scalar expressions compared with the usual rules: sums, differences and products of matrices and scalar
/// multiples (carried out only when the shapes allow; otherwise the expression is left as written and matches no
/// matrix), transposes (<c>M^T</c>, <c>M^\top</c>) and determinants (<c>vmatrix</c>, <c>\det</c>) as Math-Verify
/// evaluates them. Pure and thread-safe.
/// </summary>
internal static class MatrixAlgebra
{
    /// <summary>Largest order whose determinant is expanded (Laplace expansion has n! terms).</summary>
    public const int MaxDeterminantOrder = 5;

    private static readonly NumExpr MinusOne = new(-BigRational.One, isDecimal: false);

    /// <summary>Names that make <c>M^{name}</c> a transpose.</summary>
    public static bool IsTransposeMark(Expr exponent) => exponent is SymExpr { Name: "T" or "\\top" or "\\intercal" };

    public static MatrixExpr Transpose(MatrixExpr m)
    {
        var rows = m.Rows.Length;
        var cols = m.Rows[0].Length;
        var result = new Expr[cols][];
        for (var c = 0; c < cols; c++)
        {
            result[c] = new Expr[rows];
            for (var r = 0; r < rows; r++)
            {
                result[c][r] = m.Rows[r][c];
            }
        }

        return new MatrixExpr(result);
    }

    /// <summary>The determinant of a square matrix as a scalar expression (Laplace expansion along the first row).</summary>
    public static Expr Determinant(MatrixExpr m)
    {
        var n = m.Rows.Length;
        if (m.Rows[0].Length != n)
        {
            throw new MathSyntaxException("determinant of a non-square matrix");
        }

        if (n > MaxDeterminantOrder)
        {
            throw new MathSyntaxException($"determinant of order {n} is too large");
        }

        return Expand(m.Rows, [.. Enumerable.Range(0, n)], 0);
    }

    private static Expr Expand(Expr[][] rows, int[] columns, int row)
    {
        if (columns.Length == 1)
        {
            return rows[row][columns[0]];
        }

        var terms = new Expr[columns.Length];
        for (var k = 0; k < columns.Length; k++)
        {
            var minor = Expand(rows, [.. columns.Where((_, j) => j != k)], row + 1);
            Expr term = new MulExpr([rows[row][columns[k]], minor]);
            terms[k] = k % 2 == 0 ? term : new NegExpr(term);
        }

        return new AddExpr(terms);
    }

    /// <summary>Carries out sums, differences and products of matrices (and scalar multiples) element by element.</summary>
    public static Expr Simplify(Expr e)
    {
        if (!ExprTools.Contains<MatrixExpr>(e))
        {
            return e;
        }

        return ExprTools.Rewrite(e, x => x switch
        {
            AddExpr a when a.Terms.All(t => t is MatrixExpr || t is NegExpr { Operand: MatrixExpr }) => Add(a.Terms),
            MulExpr m when m.Factors.Any(f => f is MatrixExpr) => Multiply(m.Factors),
            NegExpr { Operand: MatrixExpr m } => Scale(MinusOne, m),
            _ => null,
        });
    }

    private static MatrixExpr? Add(Expr[] terms)
    {
        var mats = terms.Select(t => t is NegExpr { Operand: MatrixExpr inner } ? Scale(MinusOne, inner) : (MatrixExpr)t).ToArray();
        var rows = mats[0].Rows.Length;
        var cols = mats[0].Rows[0].Length;
        if (mats.Any(m => m.Rows.Length != rows || m.Rows[0].Length != cols))
        {
            return null;
        }

        var result = new Expr[rows][];
        for (var r = 0; r < rows; r++)
        {
            result[r] = new Expr[cols];
            for (var c = 0; c < cols; c++)
            {
                result[r][c] = new AddExpr([.. mats.Select(m => m.Rows[r][c])]);
            }
        }

        return new MatrixExpr(result);
    }

    private static MatrixExpr? Multiply(Expr[] factors)
    {
        Expr? scalar = null;
        MatrixExpr? acc = null;
        foreach (var f in factors)
        {
            if (f is MatrixExpr m)
            {
                if (acc is null)
                {
                    acc = m;
                    continue;
                }

                if (acc.Rows[0].Length != m.Rows.Length)
                {
                    return null;
                }

                var result = new Expr[acc.Rows.Length][];
                for (var r = 0; r < acc.Rows.Length; r++)
                {
                    result[r] = new Expr[m.Rows[0].Length];
                    for (var c = 0; c < m.Rows[0].Length; c++)
                    {
                        result[r][c] = new AddExpr([.. Enumerable.Range(0, m.Rows.Length).Select(k => (Expr)new MulExpr([acc.Rows[r][k], m.Rows[k][c]]))]);
                    }
                }

                acc = new MatrixExpr(result);
            }
            else if (ExprTools.IsScalar(f))
            {
                scalar = scalar is null ? f : new MulExpr([scalar, f]);
            }
            else
            {
                return null;
            }
        }

        return scalar is null ? acc : Scale(scalar, acc!);
    }

    private static MatrixExpr Scale(Expr scalar, MatrixExpr m) =>
        new([.. m.Rows.Select(r => r.Select(x => (Expr)new MulExpr([scalar, x])).ToArray())]);
}
