using MidTrain.Verifiers.Citation.Alignment;
using MidTrain.Verifiers.Citation.Quotes;
using MidTrain.Verifiers.Citation.Text;

namespace MidTrain.Verifiers.Citation.Reuse;

/// <summary>
/// Finds where an answer reproduces its sources without (or with) marking a quote: anchors are shared character
/// n-grams at the answer's word starts; each anchor is extended by local alignment of a growing answer window against
/// the source around the anchor, and kept when the aligned answer stretch is at least
/// <see cref="CitationOptions.MinReuseLength"/> characters at <see cref="CitationOptions.MinIdentity"/>. Scanning resumes
/// after each span, so spans are maximal and do not overlap per source. Stateless and thread-safe.
/// </summary>
public static class ReuseDetector
{
    private const int MaxHitsPerGram = 64;

    /// <summary>Finds the reused spans of <paramref name="answer"/> in <paramref name="sources"/>.</summary>
    public static ReuseReport Find(NormalizedText answer, IReadOnlyList<CitationSource> sources, IReadOnlyList<Quote> quotes, CitationOptions options)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(quotes);
        ArgumentNullException.ThrowIfNull(options);
        var text = answer.Text;
        var n = System.Math.Clamp(options.MinReuseLength / 3, 4, 12);
        var found = new List<(int Start, int End, ReusedSpan Span)>();
        var hits = new List<int>();
        foreach (var source in sources)
        {
            var sourceText = source.Normalized.Text;
            if (sourceText.Length < n)
            {
                continue;
            }

            var index = source.Index(n);
            for (var pos = 0; pos + n <= text.Length; pos++)
            {
                if ((pos > 0 && text[pos - 1] != ' ') || text[pos] == ' ')
                {
                    continue;
                }

                hits.Clear();
                var count = index.Find(text.AsSpan(pos, n), hits, MaxHitsPerGram);
                if (count == 0 || count > MaxHitsPerGram)
                {
                    continue;
                }

                var extended = Extend(text, sourceText, pos, hits[0], n, options.Scoring);
                if (extended is not { } e || e.AnswerEnd - e.AnswerStart < options.MinReuseLength || e.Identity < options.MinIdentity)
                {
                    continue;
                }

                var (answerStart, answerEnd) = answer.ToRawSpan(e.AnswerStart, e.AnswerEnd);
                var (sourceStart, sourceEnd) = source.Normalized.ToRawSpan(e.SourceStart, e.SourceEnd);
                var marked = quotes.Any(q => q.AnswerStart >= 0 && q.AnswerStart < answerEnd && answerStart < q.AnswerEnd);
                found.Add((e.AnswerStart, e.AnswerEnd, new ReusedSpan(source.Id, answerStart, answerEnd, sourceStart, sourceEnd, e.Identity, marked)));
                pos = System.Math.Max(pos, e.AnswerEnd - 1);
            }
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return new ReuseReport(
            [.. found.Select(f => f.Span)],
            Covered(found, _ => true, text.Length),
            Covered(found, f => !f.Span.Marked, text.Length));
    }

    private static (int AnswerStart, int AnswerEnd, int SourceStart, int SourceEnd, double Identity)? Extend(
        string answer, string source, int pos, int hit, int n, AlignmentScoring scoring)
    {
        var answerStart = System.Math.Max(0, pos - (2 * n));
        for (var length = 256; ; length *= 2)
        {
            var answerEnd = System.Math.Min(answer.Length, pos + length);
            var slack = ((answerEnd - answerStart) / 4) + 16;
            var sourceStart = System.Math.Max(0, hit - (pos - answerStart) - slack);
            var sourceEnd = (int)System.Math.Min(source.Length, (long)hit + (answerEnd - pos) + slack);
            var alignment = GotohAligner.Align(answer.AsSpan(answerStart, answerEnd - answerStart), source.AsSpan(sourceStart, sourceEnd - sourceStart), scoring);
            if (alignment is null)
            {
                return null;
            }

            // Grow the window while the alignment runs into its end (the reuse may go on).
            if (answerStart + alignment.QueryEnd >= answerEnd - n && answerEnd < answer.Length && length < answer.Length * 2)
            {
                continue;
            }

            return (answerStart + alignment.QueryStart, answerStart + alignment.QueryEnd,
                sourceStart + alignment.TargetStart, sourceStart + alignment.TargetEnd,
                (double)alignment.Matches / alignment.Columns);
        }
    }

    private static double Covered(List<(int Start, int End, ReusedSpan Span)> spans, Func<(int Start, int End, ReusedSpan Span), bool> include, int length)
    {
        if (length == 0)
        {
            return 0;
        }

        var covered = 0;
        var reach = 0;
        foreach (var span in spans.Where(include).OrderBy(s => s.Start))
        {
            var start = System.Math.Max(span.Start, reach);
            if (span.End > start)
            {
                covered += span.End - start;
                reach = span.End;
            }
        }

        return (double)covered / length;
    }
}
