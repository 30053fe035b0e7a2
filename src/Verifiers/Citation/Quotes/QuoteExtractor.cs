using System.Text.RegularExpressions;

namespace MidTrain.Verifiers.Citation.Quotes;

/// <summary>
/// Finds the quotes an answer makes, in answer order: Pleias-style <c>&lt;ref name="ID"&gt;text&lt;/ref&gt;</c>,
/// Markdown block quotes (<c>&gt; text</c> lines) with a marker <c>[ID]</c> at their end or on the next line, and
/// quoted text followed by a marker, <c>"text" [ID]</c> with straight, curly or guillemet quotes. A region claimed by
/// one form is not matched again by a later one. Stateless and thread-safe.
/// </summary>
public static partial class QuoteExtractor
{
    /// <summary>Extracts the quotes of <paramref name="answer"/>.</summary>
    public static IReadOnlyList<Quote> Extract(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var quotes = new List<Quote>();
        var masked = answer.ToCharArray();

        foreach (Match match in RefPattern().Matches(answer))
        {
            AddQuote(answer, match.Groups["text"], match.Groups["id"].Value.Trim(), quotes);
            Mask(masked, match.Index, match.Length);
        }

        ExtractBlockQuotes(answer, masked, quotes);

        var rest = new string(masked);
        foreach (Match match in InlinePattern().Matches(rest))
        {
            AddQuote(answer, match.Groups["text"], FirstId(match.Groups["id"].Value), quotes);
        }

        quotes.Sort((a, b) => a.AnswerStart.CompareTo(b.AnswerStart));
        return quotes;
    }

    /// <summary>Removes one pair of wrapping quotation marks and surrounding whitespace.</summary>
    public static string StripQuotationMarks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (start, end) = Trim(text, 0, text.Length);
        return text[start..end];
    }

    /// <summary>Adds the quote at <paramref name="body"/> (unless it is blank once trimmed) with its place in the answer.</summary>
    private static void AddQuote(string answer, Group body, string? id, List<Quote> quotes)
    {
        var (start, end) = Trim(answer, body.Index, body.Index + body.Length);
        if (end > start)
        {
            quotes.Add(new Quote(answer[start..end], id) { AnswerStart = start, AnswerEnd = end });
        }
    }

    private static void ExtractBlockQuotes(string answer, char[] masked, List<Quote> quotes)
    {
        var lines = new List<(int Index, int Length)>();
        for (var start = 0; start <= answer.Length;)
        {
            var newline = answer.IndexOf('\n', start);
            var end = newline < 0 ? answer.Length : newline;
            lines.Add((start, end - start));
            start = end + 1;
        }

        for (var k = 0; k < lines.Count; k++)
        {
            if (!IsBlockLine(masked, lines[k].Index, lines[k].Length))
            {
                continue;
            }

            var first = k;
            while (k + 1 < lines.Count && IsBlockLine(masked, lines[k + 1].Index, lines[k + 1].Length))
            {
                k++;
            }

            var blockStart = lines[first].Index;
            var blockEnd = lines[k].Index + lines[k].Length;
            var text = string.Join('\n', lines.Skip(first).Take(k - first + 1).Select(l => BlockLineText(answer.Substring(l.Index, l.Length))));
            string? id = null;
            var trailing = TrailingMarkerPattern().Match(text);
            if (trailing.Success)
            {
                id = FirstId(trailing.Groups["id"].Value);
                text = text[..trailing.Index];
            }
            else if (k + 1 < lines.Count)
            {
                var next = NextLineMarkerPattern().Match(answer, lines[k + 1].Index, lines[k + 1].Length);
                if (next.Success)
                {
                    id = FirstId(next.Groups["id"].Value);
                    blockEnd = next.Index + next.Length;
                }
            }

            text = StripQuotationMarks(text);
            if (text.Length > 0)
            {
                var start = answer.IndexOf(text.Split('\n')[0], blockStart, StringComparison.Ordinal);
                quotes.Add(new Quote(text, id) { AnswerStart = start < 0 ? blockStart : start, AnswerEnd = blockEnd });
            }

            Mask(masked, blockStart, blockEnd - blockStart);
        }
    }

    private static bool IsBlockLine(char[] masked, int index, int length)
    {
        var i = index;
        while (i < index + length && masked[i] is ' ' or '\t')
        {
            i++;
        }

        return i < index + length && masked[i] == '>' && i - index < 4;
    }

    private static string BlockLineText(string line)
    {
        var text = line.TrimStart(' ', '\t')[1..];
        return text.StartsWith(' ') ? text[1..] : text;
    }

    private static string? FirstId(string markers)
    {
        var id = markers.Split(',', ';')[0].Trim();
        return id.Length == 0 ? null : id;
    }

    /// <summary><paramref name="text"/>[start..end] without surrounding whitespace and one pair of wrapping quotation marks.</summary>
    private static (int Start, int End) Trim(string text, int start, int end)
    {
        (start, end) = TrimWhitespace(text, start, end);
        return end - start >= 2 && IsOpeningMark(text[start]) && IsClosingMark(text[end - 1])
            ? TrimWhitespace(text, start + 1, end - 1)
            : (start, end);
    }

    private static (int Start, int End) TrimWhitespace(string text, int start, int end)
    {
        var span = text.AsSpan(start, end - start);
        var trimmed = span.TrimStart();
        start += span.Length - trimmed.Length;
        return (start, start + trimmed.TrimEnd().Length);
    }

    private static bool IsOpeningMark(char c) => c is '"' or '\u201C' or '\u201E' or '\u00AB' or '\u2018' or '\'';

    private static bool IsClosingMark(char c) => c is '"' or '\u201D' or '\u201C' or '\u00BB' or '\u2019' or '\'';

    private static void Mask(char[] masked, int start, int length) => Array.Fill(masked, ' ', start, length);

    [GeneratedRegex("""<ref\s+name\s*=\s*["'](?<id>[^"']*)["']\s*>(?<text>.*?)</ref>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex RefPattern();

    [GeneratedRegex("""(?<open>["\u201C\u201E\u00AB])(?<text>[^"\u201C\u201D\u201E\u00AB\u00BB]{2,}?)["\u201D\u201C\u00BB]\s*\[(?<id>[^\]\n]{1,64})\]""")]
    private static partial Regex InlinePattern();

    [GeneratedRegex("""\s*[\u2014\u2013-]?\s*\[(?<id>[^\]\n]{1,64})\]\s*$""")]
    private static partial Regex TrailingMarkerPattern();

    [GeneratedRegex("""\G\s*(?:[\u2014\u2013-]+\s*)?\[(?<id>[^\]\n]{1,64})\]\s*$""")]
    private static partial Regex NextLineMarkerPattern();
}
