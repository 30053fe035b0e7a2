using System.Text.RegularExpressions;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// Finds the answer in free-form text. Candidates are offered in this priority order (the caller takes the first that
/// parses): (1) <c>\boxed{…}</c>/<c>\fbox{…}</c> and "final answer" sentences, ranked together by position, the later
/// first — boxes separated only by punctuation or a short phrase with "and"/"or" form one joined answer, and a
/// "final answer" sentence yields what follows its last "is" (a math environment, an expression, or its last number);
/// (2) "answer is"/"answer:" sentences, the later first; (3) the whole text when it is a bare expression;
/// (4) the last math environments (<c>$…$</c>, <c>$$…$$</c>, <c>\(…\)</c>, <c>\[…\]</c>; inline ones may not
/// span lines; neighbours joined by "and"/"or"/punctuation form one joined answer) and the last numbers or fractions
/// outside them, ordered by where they end, the later first. Texts longer than 1 MiB are scanned from their last MiB.
/// Pure and thread-safe.
/// </summary>
internal static partial class AnswerExtractor
{
    /// <summary>Longest text that is scanned; longer texts are cut to their last part (answers come at the end).</summary>
    public const int MaxScannedChars = 1 << 20;

    private const int MaxCandidateChars = 8192;

    /// <summary>How many trailing environments/numbers are offered as candidates.</summary>
    private const int MaxTail = 8;

    private static readonly HashSet<string> KnownWords = new(StringComparer.Ordinal)
    {
        "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "log", "ln", "exp",
        "sqrt", "pi", "infty", "inf", "infinity",
    };

    public static List<AnswerCandidate> Extract(string text, CheckBudget budget)
    {
        if (text.Length > MaxScannedChars)
        {
            text = text[^MaxScannedChars..];
        }

        var candidates = new List<AnswerCandidate>();
        var envs = FindEnvironments(text, budget);

        // (1) boxed answers.
        var boxes = FindBoxes(text, budget);
        var groups = new List<List<(int Start, int End, string Content)>>();
        foreach (var box in boxes)
        {
            if (groups.Count > 0 && Joinable(text[groups[^1][^1].End..box.Start], boxWords: true))
            {
                groups[^1].Add(box);
            }
            else
            {
                groups.Add([box]);
            }
        }

        // Boxes and "final answer" sentences rank together, the later first (a closing "final answer is $x$"
        // overrides intermediate boxed results).
        var ranked = new List<(int Position, int Order, AnswerCandidate Candidate)>();
        foreach (var group in groups.Skip(System.Math.Max(0, groups.Count - MaxTail)))
        {
            var content = WithPercentAfter(string.Join(", ", group.Select(b => b.Content)), text, group[^1].End);
            ranked.Add((group[^1].End, 0, new AnswerCandidate(content, LexerMode.Latex, "boxed", group.Count > 1)));
        }

        var sentences = new List<(int Position, AnswerCandidate Candidate)>();
        AddSentences(sentences, text, FinalAnswer(), "final answer", budget);
        ranked.AddRange(sentences.Select((x, k) => (x.Position, k + 1, x.Candidate)));
        foreach (var item in ranked.OrderByDescending(r => r.Position).ThenBy(r => r.Order))
        {
            Add(candidates, item.Candidate);
        }

        // (3) "answer is …" sentences.
        var answerIs = new List<(int Position, AnswerCandidate Candidate)>();
        AddSentences(answerIs, text, AnswerIs(), "answer is", budget);
        foreach (var item in answerIs.OrderByDescending(r => r.Position))
        {
            Add(candidates, item.Candidate);
        }

        // (4) the whole text as one expression.
        if (envs.Count == 0 && boxes.Count == 0 && LooksLikeExpression(text))
        {
            Add(candidates, text, WholeTextMode(text), "whole text");
        }

        // (5) the last math environment or number, by position.
        var tail = new List<(int End, AnswerCandidate Candidate)>();
        foreach (var group in GroupEnvironments(text, envs))
        {
            tail.Add((group.End, new AnswerCandidate(WithPercentAfter(group.Content, text, group.End), LexerMode.Latex, "math environment", group.Joined)));
        }

        var envIndex = envs.Count - 1;
        var numbers = NumberPattern().Matches(text);
        for (var k = numbers.Count - 1; k >= 0 && tail.Count(t => t.Candidate.Rule == "last number") < MaxTail; k--)
        {
            budget.Step();
            var m = numbers[k];
            while (envIndex >= 0 && envs[envIndex].Start > m.Index)
            {
                envIndex--;
            }

            if (envIndex < 0 || m.Index >= envs[envIndex].End)
            {
                tail.Add((m.Index + m.Length, new AnswerCandidate(m.Value, LexerMode.Plain | LexerMode.DecimalComma, "last number")));
            }
        }

        foreach (var (_, candidate) in tail.OrderByDescending(t => t.End).Take(MaxTail))
        {
            Add(candidates, candidate);
        }

        return candidates;
    }

    /// <summary>
    /// The answer with a percent sign appended when one follows it outside its box or math delimiters
    /// (<c>$\boxed{28}$\%</c>, <c>\boxed{10}$ percent</c>), as Math-Verify reads them.
    /// </summary>
    private static string WithPercentAfter(string content, string text, int end)
    {
        if (end >= text.Length || content.TrimEnd().EndsWith('%') || !PercentAfter().IsMatch(text, end))
        {
            return content;
        }

        return content + "\\%";
    }

    private static void Add(List<AnswerCandidate> list, string content, LexerMode mode, string rule) =>
        Add(list, new AnswerCandidate(content, mode, rule));

    private static void Add(List<AnswerCandidate> list, AnswerCandidate candidate)
    {
        var content = candidate.Content.Trim();
        if (content.Length == 0 || content.Length > MaxCandidateChars)
        {
            return;
        }

        list.Add(candidate with { Content = content });
    }

    /// <summary>LaTeX when the text has commands; plain otherwise, with a decimal comma when a lone comma sits between digits (1000,99).</summary>
    private static LexerMode WholeTextMode(string text)
    {
        if (text.Contains('\\', StringComparison.Ordinal))
        {
            return LexerMode.Latex;
        }

        var comma = text.IndexOf(',', StringComparison.Ordinal);
        var lone = comma > 0 && comma == text.LastIndexOf(',') && comma + 1 < text.Length && char.IsDigit(text[comma - 1]) && char.IsDigit(text[comma + 1])
            && text.IndexOfAny(['(', '[', '{', '=']) < 0;
        return lone ? LexerMode.Plain | LexerMode.DecimalComma : LexerMode.Plain;
    }

    /// <summary>True for text made only of math-like tokens: no words other than function names and connectors.</summary>
    private static bool LooksLikeExpression(string text)
    {
        if (text.Length > 400)
        {
            return false;
        }

        var normalized = AnswerNormalizer.Normalize(text);
        var i = 0;
        while (i < normalized.Length)
        {
            if (normalized[i] == '\\')
            {
                var start = ++i;
                while (i < normalized.Length && char.IsLetter(normalized[i]))
                {
                    i++;
                }

                // \begin{pmatrix}: the environment name is not a word of prose.
                if (normalized.AsSpan(start, i - start) is "begin" or "end" && i < normalized.Length && normalized[i] == '{')
                {
                    var close = normalized.IndexOf('}', i);
                    i = close < 0 ? normalized.Length : close + 1;
                }

                continue;
            }

            if (char.IsLetter(normalized[i]))
            {
                var start = i;
                while (i < normalized.Length && char.IsLetter(normalized[i]))
                {
                    i++;
                }

                if (i - start >= 2 && !KnownWords.Contains(normalized[start..i]))
                {
                    return false;
                }

                continue;
            }

            i++;
        }

        return normalized.Length > 0;
    }

    private static void AddSentences(List<(int Position, AnswerCandidate Candidate)> list, string text, Regex marker, string rule, CheckBudget budget)
    {
        var matches = marker.Matches(text);
        for (var k = matches.Count - 1; k >= 0; k--)
        {
            budget.Step();
            var m = matches[k];
            var start = m.Index + m.Length;

            // Dollar signs used as currency earlier in the text must not pair with the answer's delimiters: scan locally.
            var window = text[start..System.Math.Min(text.Length, start + 2000)];
            var windowEnvs = FindEnvironments(window, budget);
            var sentence = window[..SentenceEnd(window, 0, windowEnvs)];

            // "The largest $n$ is 34": the answer follows the last "is".
            var isAt = LastIs(sentence, 0, windowEnvs);
            if (isAt >= 0)
            {
                sentence = sentence[isAt..];
            }

            sentence = sentence.TrimStart(' ', ':', '\t');
            var local = FindEnvironments(sentence, budget);
            var groups = GroupEnvironments(sentence, local);
            if (groups.Count > 0)
            {
                var content = WithPercentAfter(groups[^1].Content, sentence, groups[^1].End);
                list.Add((m.Index, new AnswerCandidate(content, LexerMode.Latex, rule, groups[^1].Joined)));
                continue;
            }

            if (LooksLikeExpression(sentence))
            {
                list.Add((m.Index, new AnswerCandidate(sentence, WholeTextMode(sentence), rule)));
            }

            var numbers = NumberPattern().Matches(sentence);
            if (numbers.Count > 0)
            {
                list.Add((m.Index, new AnswerCandidate(numbers[^1].Value, LexerMode.Plain | LexerMode.DecimalComma, rule)));
            }
        }
    }

    private static int LastIs(string sentence, int offset, List<(int Start, int End, string Content)> envs)
    {
        var best = -1;
        foreach (Match m in IsWord().Matches(sentence))
        {
            var at = offset + m.Index;
            if (!envs.Exists(e => at >= e.Start && at < e.End))
            {
                best = m.Index + m.Length;
            }
        }

        return best;
    }

    /// <summary>End of the sentence starting at <paramref name="start"/>: a line break or a period before a space, outside math.</summary>
    private static int SentenceEnd(string text, int start, List<(int Start, int End, string Content)> envs)
    {
        var i = start;
        var limit = System.Math.Min(text.Length, start + 2000);
        while (i < limit)
        {
            var env = envs.Find(e => e.Start == i);
            if (env.End > i)
            {
                i = env.End;
                continue;
            }

            var c = text[i];
            if (c == '\n' || (c == '.' && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]))))
            {
                return i;
            }

            if (c == '<' && string.CompareOrdinal(text, i, "<|", 0, 2) == 0)
            {
                return i;
            }

            i++;
        }

        return limit;
    }

    /// <summary>Whether the text between two answers lets them form one list answer.</summary>
    private static bool Joinable(string between, bool boxWords)
    {
        var s = SeparatorNoise().Replace(between, " $1 ");
        var words = WordPattern().Matches(s).Select(m => m.Value.ToLowerInvariant()).ToList();
        var hasConnector = words.Exists(w => w is "and" or "or");
        var others = words.Count(w => w is not ("and" or "or"));
        var punctuationOnly = s.All(c => !char.IsLetterOrDigit(c));
        if (!boxWords)
        {
            return punctuationOnly ? s.Length < 40 && !s.Contains('.') : hasConnector && others == 0 && s.Trim(' ', ',', ';', '"').Length <= 4;
        }

        return (punctuationOnly && s.Length < 200) || (hasConnector && others <= 4);
    }

    private static List<(int Start, int End, string Content)> FindBoxes(string text, CheckBudget budget)
    {
        var boxes = new List<(int, int, string)>();
        var i = 0;
        while (true)
        {
            budget.Step();
            var at = text.IndexOf("\\boxed", i, StringComparison.Ordinal);
            var fbox = text.IndexOf("\\fbox", i, StringComparison.Ordinal);
            if (at < 0 || (fbox >= 0 && fbox < at))
            {
                at = fbox;
            }

            if (at < 0)
            {
                break;
            }

            var j = at + (text.AsSpan(at).StartsWith("\\boxed") ? 6 : 5);
            while (j < text.Length && text[j] == ' ')
            {
                j++;
            }

            if (j < text.Length && text[j] == '{')
            {
                var close = MatchBraceOrEnd(text, j, budget);
                boxes.Add((at, System.Math.Min(text.Length, close + 1), text[(j + 1)..close]));
                i = close + 1;
            }
            else
            {
                var k = j;
                while (k < text.Length && !char.IsWhiteSpace(text[k]) && text[k] is not ('$' or '.' or ','))
                {
                    k++;
                }

                if (k > j)
                {
                    boxes.Add((at, k, text[j..k]));
                }

                i = System.Math.Max(k, j + 1);
            }

            if (i >= text.Length)
            {
                break;
            }
        }

        return boxes;
    }

    /// <summary>The index of the brace closing the one at <paramref name="open"/>; the text end when it is never closed.</summary>
    private static int MatchBraceOrEnd(string s, int open, CheckBudget budget)
    {
        var depth = 0;
        var limit = System.Math.Min(s.Length, open + MaxCandidateChars + 2);
        for (var k = open; k < limit; k++)
        {
            if ((k & 1023) == 0)
            {
                budget.Step();
            }

            var c = s[k];
            if (c == '\\' && k + 1 < s.Length && s[k + 1] is '{' or '}')
            {
                k++;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return k;
            }
        }

        return limit;
    }

    /// <summary>Math environments in order: $$…$$, \[…\], \(…\), and $…$ on one line; escaped \$ is not a delimiter.</summary>
    private static List<(int Start, int End, string Content)> FindEnvironments(string text, CheckBudget budget)
    {
        var envs = new List<(int, int, string)>();
        var i = 0;

        // Once a closer is known to be absent past some point, later searches for it stop at once (keeps scanning linear).
        var missingFrom = new Dictionary<string, int>(StringComparer.Ordinal);
        while (i < text.Length)
        {
            if ((i & 255) == 0)
            {
                budget.Step();
            }

            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            var taken = (c, next) switch
            {
                ('\\', '[') => Take(i + 2, "\\]", oneLine: false),
                ('\\', '(') => Take(i + 2, "\\)", oneLine: true),
                ('$', '$') => Take(i + 2, "$$", oneLine: false),
                ('$', _) => Take(i + 1, "$", oneLine: true),
                _ => false,
            };
            if (!taken)
            {
                // Past a two-character opener without its closer, or a backslash and the character it escapes.
                i += (c == '\\' && i + 1 < text.Length) || (c == '$' && next == '$') ? 2 : 1;
            }
        }

        return envs;

        // The environment whose content starts at contentStart (its opener at i), up to the next closer: added, with i
        // moved past it; false when there is no closer (or, oneLine, a line break comes first).
        bool Take(int contentStart, string closer, bool oneLine)
        {
            var close = Find(closer, contentStart);
            if (close < 0 || (oneLine && text.AsSpan(contentStart, close - contentStart).Contains('\n')))
            {
                return false;
            }

            envs.Add((i, close + closer.Length, text[contentStart..close]));
            i = close + closer.Length;
            return true;
        }

        int Find(string closer, int from)
        {
            if (missingFrom.TryGetValue(closer, out var missing) && from >= missing)
            {
                return -1;
            }

            var at = closer[0] == '$' ? IndexOfUnescaped(text, closer, from) : text.IndexOf(closer, from, StringComparison.Ordinal);
            if (at < 0)
            {
                missingFrom[closer] = from;
            }

            return at;
        }
    }

    private static int IndexOfUnescaped(string text, string delimiter, int from)
    {
        var k = from;
        while (true)
        {
            var at = text.IndexOf(delimiter, k, StringComparison.Ordinal);
            if (at < 0)
            {
                return -1;
            }

            if (at > 0 && text[at - 1] == '\\' && !(at > 1 && text[at - 2] == '\\'))
            {
                k = at + 1;
                continue;
            }

            return at;
        }
    }

    private static List<(int End, string Content, bool Joined)> GroupEnvironments(string text, List<(int Start, int End, string Content)> envs)
    {
        var groups = new List<(int End, string Content, bool Joined)>();
        var current = new List<string>();
        var lastEnd = -1;
        foreach (var env in envs)
        {
            if (string.IsNullOrWhiteSpace(env.Content))
            {
                continue;
            }

            if (current.Count > 0 && Joinable(text[lastEnd..env.Start], boxWords: false))
            {
                current.Add(env.Content);
            }
            else
            {
                if (current.Count > 0)
                {
                    groups.Add((lastEnd, string.Join(", ", current), current.Count > 1));
                }

                current = [env.Content];
            }

            lastEnd = env.End;
        }

        if (current.Count > 0)
        {
            groups.Add((lastEnd, string.Join(", ", current), current.Count > 1));
        }

        return groups;
    }

    [GeneratedRegex(@"(?i)final\s+answer")]
    private static partial Regex FinalAnswer();

    [GeneratedRegex(@"(?i)(?<!final\s+)\banswer\s*(?:is|:)")]
    private static partial Regex AnswerIs();

    [GeneratedRegex(@"(?i)\bis\b")]
    private static partial Regex IsWord();

    [GeneratedRegex(@"(?<![A-Za-z0-9_.])-?(?:\d+(?:,\d{3})*(?:[.,]\d+)?|\.\d+)(?:\s*/\s*\d+(?:\.\d+)?)?(?:\s*\\?%|\s*(?:percent|pct)(?![A-Za-z]))?")]
    private static partial Regex NumberPattern();

    /// <summary>A percent sign or word right after an answer, past closing math delimiters: "$ percent", "\\%".</summary>
    [GeneratedRegex(@"\G\s*(?:\$\$?|\\\)|\\\])?\s*(?:\\%|%|percentage\b|percent\b|pct\b)")]
    private static partial Regex PercentAfter();

    [GeneratedRegex(@"\\(?:text|textbf|textnormal|mbox|mathrm)\s*\{([^{}]*)\}|\\(?:quad|qquad|[,;:! ])|\\[()\[\]]|\$|\\\\n|\\n|\*\*")]
    private static partial Regex SeparatorNoise();

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex WordPattern();
}
