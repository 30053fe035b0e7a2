namespace MidTrain.Generators.Chunking;

/// <summary>
/// Splits text into paragraph and sentence spans (character offsets into the original string, so a passage built
/// from them maps back exactly). Sentence boundaries: <c>. ! ? …</c> and CJK full stops followed by space and a
/// sentence start, not after common abbreviations, single-letter initials or inside numbers. Thread-safe.
/// </summary>
internal static class TextUnits
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "vs", "etc", "e.g", "i.e", "cf", "al", "fig", "no", "vol", "pp", "approx",
        "ca", "c", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "inc", "ltd", "co",
        "av", "j.-c", "av. j.-c", "env", "cf", "p", "s", "mme", "mlle", "m", "sra", "sr", "dra", "a.c", "d.c", "a. c", "d. c", "z.b", "bzw", "usw",
    };

    /// <summary>Paragraph spans: text separated by blank lines, trimmed of surrounding whitespace.</summary>
    public static List<(int Start, int End)> Paragraphs(string text)
    {
        var result = new List<(int, int)>();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var end = text.Length;
            var search = i;
            while (search < text.Length)
            {
                var nl = text.IndexOf('\n', search);
                if (nl < 0)
                {
                    break;
                }

                // A blank line: newline, optional spaces, newline.
                var j = nl + 1;
                while (j < text.Length && text[j] is ' ' or '\t' or '\r')
                {
                    j++;
                }

                if (j < text.Length && text[j] == '\n')
                {
                    end = nl;
                    i = j + 1;
                    break;
                }

                search = nl + 1;
            }

            if (end == text.Length)
            {
                i = text.Length;
            }

            AddTrimmed(text, start, end, result);
        }

        return result;
    }

    /// <summary>Sentence spans within [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static List<(int Start, int End)> Sentences(string text, int start, int end)
    {
        var result = new List<(int, int)>();
        var sentenceStart = start;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c is '。' or '！' or '？')
            {
                AddTrimmed(text, sentenceStart, i + 1, result);
                sentenceStart = i + 1;
                continue;
            }

            if (c is not ('.' or '!' or '?' or '…'))
            {
                continue;
            }

            // Include closing quotes/brackets and repeated punctuation in the sentence.
            var stop = i + 1;
            while (stop < end && text[stop] is '.' or '!' or '?' or '"' or '\'' or ')' or ']' or '»' or '”' or '’')
            {
                stop++;
            }

            if (stop >= end)
            {
                break;
            }

            if (!char.IsWhiteSpace(text[stop]))
            {
                continue;
            }

            var next = stop;
            while (next < end && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next >= end || !IsSentenceStart(text[next]))
            {
                continue;
            }

            if (c == '.' && IsAbbreviationOrInitial(text, sentenceStart, i))
            {
                continue;
            }

            AddTrimmed(text, sentenceStart, stop, result);
            sentenceStart = stop;
            i = stop - 1;
        }

        AddTrimmed(text, sentenceStart, end, result);
        return result;
    }

    private static bool IsSentenceStart(char c) =>
        char.IsUpper(c) || char.IsDigit(c) || c is '"' or '«' or '“' or '‘' or '(' or '[' or '¿' or '¡' or '—' or '-' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.OtherLetter;

    private static bool IsAbbreviationOrInitial(string text, int sentenceStart, int dot)
    {
        var wordStart = dot;
        while (wordStart > sentenceStart && !char.IsWhiteSpace(text[wordStart - 1]) && text[wordStart - 1] is not ('(' or '"' or '«'))
        {
            wordStart--;
        }

        var word = text[wordStart..dot];
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return true; // an initial, as in "J. R. Tolkien"
        }

        return Abbreviations.Contains(word.TrimStart('(', '[')) || (word.Contains('.', StringComparison.Ordinal) && word.Length <= 6 && !word.Any(char.IsDigit));
    }

    private static void AddTrimmed(string text, int start, int end, List<(int, int)> result)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            result.Add((start, end));
        }
    }

    /// <summary>Splits a span longer than <paramref name="max"/> at whitespace (or hard, for unbroken text).</summary>
    public static List<(int Start, int End)> HardSplit(string text, int start, int end, int max)
    {
        var result = new List<(int, int)>();
        while (end - start > max)
        {
            var cut = start + max;
            var space = text.LastIndexOf(' ', cut - 1, cut - start);
            if (space > start + max / 2)
            {
                cut = space;
            }
            else if (char.IsLowSurrogate(text[cut]))
            {
                cut--; // never split a surrogate pair
            }

            AddTrimmed(text, start, cut, result);
            start = cut;
        }

        AddTrimmed(text, start, end, result);
        return result;
    }
}
