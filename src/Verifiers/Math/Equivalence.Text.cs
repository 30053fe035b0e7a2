namespace MidTrain.Verifiers.Math;

// Answers written as words (see the summary in Equivalence.cs).
internal sealed partial class Equivalence
{
    /// <summary>Words compare as written (see <see cref="TextKey"/>); a side that is not a word matches nothing.</summary>
    private static bool TextEqual(Expr g, Expr p) => Spell(g) is { } gt && Spell(p) is { } pt && TextKey(gt) == TextKey(pt);

    /// <summary>A word as written (<c>odd</c> parses as o·d·d), or null when the tree is not a word.</summary>
    private static string? Spell(Expr e) => e switch
    {
        TextExpr t => t.Text,
        SymExpr s => s.Name,
        ConstExpr { Kind: ConstKind.E } => "e",
        ConstExpr { Kind: ConstKind.I } => "i",
        MulExpr m when m.Factors.Select(Spell).ToArray() is var parts && parts.All(p => p is not null) => string.Concat(parts),
        _ => null,
    };

    /// <summary>Text as compared: case-sensitive, ignoring spaces, braces, parentheses, dollars, periods, quotes and LaTeX text wrappers.</summary>
    private static string TextKey(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\')
            {
                var j = i + 1;
                while (j < s.Length && char.IsLetter(s[j]))
                {
                    j++;
                }

                var cmd = s[(i + 1)..j];
                if (cmd.StartsWith("text", StringComparison.Ordinal) || cmd.StartsWith("math", StringComparison.Ordinal) || cmd is "mbox" or "boxed")
                {
                    i = j;
                    continue;
                }

                sb.Append(s, i, j - i);
                i = j == i + 1 ? j + 1 : j;
                continue;
            }

            if (!(char.IsWhiteSpace(c) || c is '{' or '}' or '(' or ')' or '$' or '.' or '"'))
            {
                sb.Append(c);
            }

            i++;
        }

        return sb.ToString();
    }
}
