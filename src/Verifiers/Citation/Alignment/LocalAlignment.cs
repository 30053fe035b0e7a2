namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>
/// An optimal local alignment with its path. Spans are half-open offsets into the sequences as given.
/// <see cref="Operations"/> holds one character per alignment column: <c>=</c> match, <c>X</c> mismatch, <c>I</c> a
/// query character against a gap, <c>D</c> a target character against a gap. Immutable.
/// </summary>
public sealed record LocalAlignment
{
    /// <summary>The alignment score.</summary>
    public required int Score { get; init; }

    /// <summary>Inclusive start in the query.</summary>
    public required int QueryStart { get; init; }

    /// <summary>Exclusive end in the query.</summary>
    public required int QueryEnd { get; init; }

    /// <summary>Inclusive start in the target.</summary>
    public required int TargetStart { get; init; }

    /// <summary>Exclusive end in the target.</summary>
    public required int TargetEnd { get; init; }

    /// <summary>The columns, query start to end.</summary>
    public required string Operations { get; init; }

    /// <summary>Number of match columns.</summary>
    public int Matches => Operations.Count(c => c == '=');

    /// <summary>Number of columns.</summary>
    public int Columns => Operations.Length;

    /// <summary>The aligned rows, gaps written as <c>-</c>, e.g. (<c>GTT-AC</c>, <c>GTTGAC</c>).</summary>
    public (string Query, string Target) Render(ReadOnlySpan<char> query, ReadOnlySpan<char> target)
    {
        var q = new System.Text.StringBuilder(Operations.Length);
        var t = new System.Text.StringBuilder(Operations.Length);
        int i = QueryStart, j = TargetStart;
        foreach (var op in Operations)
        {
            q.Append(op == 'D' ? '-' : query[i++]);
            t.Append(op == 'I' ? '-' : target[j++]);
        }

        return (q.ToString(), t.ToString());
    }
}
