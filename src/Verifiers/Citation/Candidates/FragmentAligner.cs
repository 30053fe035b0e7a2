using MidTrain.Verifiers.Citation.Alignment;

namespace MidTrain.Verifiers.Citation.Candidates;

/// <summary>
/// Finds where a normalised fragment aligns best inside [lo, hi) of a source: candidate windows come from shared
/// character n-grams starting at the fragment's word starts (n grows with the fragment, as passim's word n-grams do),
/// clustered by diagonal; the SIMD kernel scores each window and the best one is re-aligned with traceback.
/// Small ranges are aligned whole. Thread-safe as long as each <see cref="CitationSource"/> is used by one thread.
/// </summary>
internal static class FragmentAligner
{
    private const int MaxWindows = 4;
    private const int MaxHitsPerGram = 256;
    private const long WholeRangeCells = 4_000_000;

    public static LocalAlignment? Align(string fragment, CitationSource source, int lo, int hi, AlignmentScoring scoring, VectorWidth width)
    {
        var text = source.Normalized.Text;
        if (hi <= lo || fragment.Length == 0)
        {
            return null;
        }

        var windows = (hi - lo) <= (4 * fragment.Length) + 256
            ? [(lo, hi)]
            : CandidateWindows(fragment, source, lo, hi);
        if (windows.Count == 0 && (long)(hi - lo) * fragment.Length <= WholeRangeCells)
        {
            windows.Add((lo, hi));
        }

        var aligner = new StripedAligner(fragment, scoring, width);
        LocalScore best = default;
        var bestWindowStart = 0;
        foreach (var (windowStart, windowEnd) in windows)
        {
            var result = aligner.Align(text.AsSpan(windowStart, windowEnd - windowStart));
            if (result.Score > best.Score)
            {
                best = result;
                bestWindowStart = windowStart;
            }
        }

        if (best.Score == 0)
        {
            return null;
        }

        // An alignment scoring S spans at most |fragment| + (|fragment|·match − S) / extend target characters.
        var end = bestWindowStart + best.TargetEnd;
        var span = fragment.Length + (((fragment.Length * scoring.Match) - best.Score) / scoring.GapExtend) + 1;
        var tracebackStart = System.Math.Max(bestWindowStart, end - span);
        var alignment = GotohAligner.Align(fragment, text.AsSpan(tracebackStart, end - tracebackStart), scoring);
        return alignment is null ? null : alignment with
        {
            TargetStart = alignment.TargetStart + tracebackStart,
            TargetEnd = alignment.TargetEnd + tracebackStart,
        };
    }

    private static int GramLength(int fragmentLength) => fragmentLength switch
    {
        < 24 => 3,
        < 64 => 4,
        < 160 => 5,
        _ => 6,
    };

    private static List<(int Start, int End)> CandidateWindows(string fragment, CitationSource source, int lo, int hi)
    {
        var windows = new List<(int Start, int End)>();
        var n = GramLength(fragment.Length);
        if (fragment.Length < n)
        {
            return windows;
        }

        var index = source.Index(n);
        var diagonals = new List<(int Diagonal, int Anchor)>();
        var hits = new List<int>();
        for (var i = 0; i + n <= fragment.Length; i++)
        {
            if ((i > 0 && fragment[i - 1] != ' ') || fragment[i] == ' ')
            {
                continue;
            }

            hits.Clear();
            if (index.Find(fragment.AsSpan(i, n), hits, MaxHitsPerGram) > MaxHitsPerGram)
            {
                continue; // too common to say where the quote is
            }

            foreach (var p in hits)
            {
                if (p >= lo && p + n <= hi)
                {
                    diagonals.Add((p - i, i));
                }
            }
        }

        if (diagonals.Count == 0)
        {
            return windows;
        }

        diagonals.Sort();
        var band = (fragment.Length / 4) + 8;
        var clusters = new List<(int Votes, int Min, int Max)>();
        int votes = 1, min = diagonals[0].Diagonal, max = min;
        for (var k = 1; k < diagonals.Count; k++)
        {
            if (diagonals[k].Diagonal - max <= band)
            {
                votes++;
                max = diagonals[k].Diagonal;
            }
            else
            {
                clusters.Add((votes, min, max));
                votes = 1;
                min = max = diagonals[k].Diagonal;
            }
        }

        clusters.Add((votes, min, max));
        var pad = (fragment.Length / 4) + 16;
        foreach (var cluster in clusters.OrderByDescending(c => c.Votes).ThenBy(c => c.Min).Take(MaxWindows).OrderBy(c => c.Min))
        {
            var start = System.Math.Max(lo, cluster.Min - pad);
            var end = System.Math.Min(hi, cluster.Max + fragment.Length + pad);
            if (windows.Count > 0 && start <= windows[^1].End)
            {
                windows[^1] = (windows[^1].Start, System.Math.Max(windows[^1].End, end));
            }
            else if (end > start)
            {
                windows.Add((start, end));
            }
        }

        return windows;
    }
}
