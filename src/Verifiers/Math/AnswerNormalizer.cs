using System.Text;
using System.Text.RegularExpressions;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// Rewrites an extracted answer into the subset of LaTeX the parser reads: fraction and spacing variants unified,
/// <c>\left</c>/<c>\right</c>, <c>\$</c>, degree marks and unit words removed, percent signs and words
/// (<c>\%</c>, <c>percent</c>, <c>pct</c>) written <c>%</c>, LaTeX thousands groups (<c>14{,}916</c>,
/// <c>12,\!000</c>) joined, doubled backslashes before known commands repaired, and the words "and"/"or" between
/// answers turned into list separators. Pure and thread-safe.
/// </summary>
internal static partial class AnswerNormalizer
{
    private static readonly string[] KnownCommands =
    [
        "boxed", "frac", "dfrac", "tfrac", "cfrac", "sqrt", "left", "right", "text", "textbf", "mbox", "mathrm", "le", "leq",
        "ge", "geq", "lt", "gt", "ne", "neq", "pi", "infty", "cdot", "times", "pm", "mp", "in", "cup", "cap", "begin", "end",
        "sin", "cos", "tan", "sec", "csc", "cot", "log", "ln", "exp", "quad", "qquad", "approx", "circ", "degree", "binom",
    ];

    public static string Normalize(string s)
    {
        s = RepairDoubledBackslashes(s);

        // Row separators are set aside so that "\\ 1" is not read as the spacing command "\ ".
        s = s.Replace("\\\\", "\u0001", StringComparison.Ordinal);
        s = s.Replace("\\dfrac", "\\frac", StringComparison.Ordinal)
            .Replace("\\tfrac", "\\frac", StringComparison.Ordinal)
            .Replace("\\cfrac", "\\frac", StringComparison.Ordinal)
            .Replace("\\displaystyle", " ", StringComparison.Ordinal)
            .Replace("\\limits", " ", StringComparison.Ordinal)
            .Replace("\\qquad", " ", StringComparison.Ordinal)
            .Replace("\\quad", " ", StringComparison.Ordinal)
            .Replace("\\$", " ", StringComparison.Ordinal)
            .Replace("$", " ", StringComparison.Ordinal)
            .Replace("\\%", "%", StringComparison.Ordinal)
            .Replace("°", " ", StringComparison.Ordinal)
            .Replace("\\lvert", "|", StringComparison.Ordinal)
            .Replace("\\rvert", "|", StringComparison.Ordinal)
            .Replace("\\vert", "|", StringComparison.Ordinal)
            .Replace("\\lbrace", "\\{", StringComparison.Ordinal)
            .Replace("\\rbrace", "\\}", StringComparison.Ordinal)
            .Replace("\\hline", " ", StringComparison.Ordinal)
            .Replace('\n', ' ')
            .Replace('\r', ' ')
            .Replace('~', ' ');
        s = ThousandsThinSpace().Replace(s, "$1,$2");
        s = ThousandsBraces().Replace(s, "$1$2");
        s = Degrees().Replace(s, " ");
        s = LeftRight().Replace(s, string.Empty);
        s = s.Replace("\\!", string.Empty, StringComparison.Ordinal)
            .Replace("\\,", " ", StringComparison.Ordinal)
            .Replace("\\;", " ", StringComparison.Ordinal)
            .Replace("\\:", " ", StringComparison.Ordinal)
            .Replace("\\ ", " ", StringComparison.Ordinal);
        s = Cline().Replace(s, " ");
        s = PercentText().Replace(s, "%");
        s = TextUnits().Replace(s, "$1 ");
        s = PercentWords().Replace(s, "%");
        s = BareUnits().Replace(s, "$1 ");
        s = BareUnits().Replace(s, "$1 "); // "3 sq units"
        s = Connectors().Replace(s, ",");
        s = TextConnectors().Replace(s, ",");
        s = Boxed().Replace(s, string.Empty);
        s = ArrayColumns().Replace(s, "\\begin{array}");
        s = s.Replace("\u0001", " \\\\ ", StringComparison.Ordinal);
        return TrimPunctuation(s);
    }

    /// <summary>Strips spaces and trailing sentence punctuation.</summary>
    public static string TrimPunctuation(string s)
    {
        var span = s.AsSpan().Trim();
        while (span.Length > 0 && (span[^1] is '.' or ',' or ';' or ' ' or '\t' or '"' or '\'' || (span[^1] == ':' && span.Length > 1)))
        {
            span = span[..^1].TrimEnd();
        }

        while (span.Length > 0 && (span[0] is ',' or ';' or ':' or '"' or ' '))
        {
            span = span[1..].TrimStart();
        }

        return span.ToString();
    }

    /// <summary>Turns <c>\\frac</c> (a doubled backslash from over-escaped text) back into <c>\frac</c> for known commands.</summary>
    private static string RepairDoubledBackslashes(string s)
    {
        if (!s.Contains("\\\\", StringComparison.Ordinal))
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        var i = 0;
        while (i < s.Length)
        {
            if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] == '\\')
            {
                var j = i + 2;
                while (j < s.Length && char.IsLetter(s[j]))
                {
                    j++;
                }

                if (j > i + 2 && Array.IndexOf(KnownCommands, s[(i + 2)..j]) >= 0)
                {
                    // "\\frac" -> "\frac"; the command itself is copied on the next turn.
                    i++;
                    continue;
                }

                // A real row separator "\\" is kept whole, so "\\\end" stays a separator plus \end.
                sb.Append(s, i, 2);
                i += 2;
                continue;
            }

            sb.Append(s[i]);
            i++;
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"(\d),\s*\\!\s*(\d)")]
    private static partial Regex ThousandsThinSpace();

    [GeneratedRegex(@"(\d)\s*\{\s*,\s*\}\s*(\d)")]
    private static partial Regex ThousandsBraces();

    [GeneratedRegex(@"\^\s*\{?\s*\\circ\s*\}?|\\circ|\\degree|\^\s*\{\s*\\text\{\s*o\s*\}\s*\}")]
    private static partial Regex Degrees();

    [GeneratedRegex(@"\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)(?![A-Za-z])\s*\.?")]
    private static partial Regex LeftRight();

    [GeneratedRegex(@"\\cline\{[^}]*\}")]
    private static partial Regex Cline();

    // Units written as text after a number or closing brace: "10\text{ cm}^2", "125\textnormal{ miles}".
    [GeneratedRegex(@"([\d}\s])\s*\\(?:text|textnormal|textrm|textbf|mbox|mathrm|textit)\s*\{\s*(?:[a-zA-Z]+\.?\s*){1,3}\}(?:\s*\^\s*\{?\d\}?)?(?=\s*(?:$|[,;)\]\\]|and\b|or\b))")]
    private static partial Regex TextUnits();

    // "\text{ percent}", "\text{\%}": a percent sign (Math-Verify reads them so), not a unit to drop.
    [GeneratedRegex(@"\s*\\(?:text|textnormal|textrm|textbf|mbox|mathrm|textit)\s*\{\s*(?:%|percentage|percent|pct)\s*\}")]
    private static partial Regex PercentText();

    // Percent words after a number or a closing brace: "28 percent", "\frac{1}{2} pct".
    [GeneratedRegex(@"(?<=[\d})])\s*(?:percentage|percent|pct)(?![A-Za-z])")]
    private static partial Regex PercentWords();

    // Bare unit words after a number: "35 cm", "0.06 yuan".
    [GeneratedRegex(@"(\d)\s*(?:cm|mm|km|meters?|metres?|miles?|inch(?:es)?|feet|foot|ft|yards?|units?|degrees?|dollars?|cents?|yuan|euros?|hours?|minutes?|mins?|seconds?|secs?|days?|weeks?|years?|kg|grams?|pounds?|lbs?|liters?|litres?|ml|sq)(?![A-Za-z])(?:\s*\^\s*\{?\d\}?|²|³)?")]
    private static partial Regex BareUnits();

    // "and"/"or" between answers: "(11,7)or(7,11)", "1orW(x)", "19, 46, and 82".
    [GeneratedRegex(@"(?<![A-Za-z\\])(?:and|or)(?![a-z])")]
    private static partial Regex Connectors();

    [GeneratedRegex(@"\\(?:text|textnormal|textrm|textbf|mbox|mathrm|textit)\s*\{\s*(?:,|and|or)?\s*\}")]
    private static partial Regex TextConnectors();

    [GeneratedRegex(@"\\(?:boxed|fbox)\s*(?=\{)")]
    private static partial Regex Boxed();

    [GeneratedRegex(@"\\begin\{array\}\s*\{[^}]*\}")]
    private static partial Regex ArrayColumns();
}
