using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>
/// Scalar affine-gap local alignment (Smith-Waterman with Gotoh's three-state recurrence): a linear-memory score
/// kernel (the fallback of <see cref="StripedAligner"/> and the baseline it is measured against) and a full-matrix
/// alignment with traceback, used on the small window around the best hit. Stateless and thread-safe.
/// </summary>
public static class GotohAligner
{
    /// <summary>
    /// The optimal local score of <paramref name="query"/> against <paramref name="target"/>, in O(|query|) memory.
    /// The end is the first target column (scanning left to right) whose best cell reaches the score.
    /// </summary>
    public static LocalScore Score(ReadOnlySpan<char> query, ReadOnlySpan<char> target, AlignmentScoring scoring)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        var n = query.Length;
        if (n == 0 || target.Length == 0)
        {
            return default;
        }

        int match = scoring.Match, mismatch = scoring.Mismatch, open = scoring.GapOpen, extend = scoring.GapExtend;

        // h[i] / e[i] for query position i (0-based); refs avoid bounds checks in the O(n·m) loop.
        var hArray = new int[n];
        var eArray = new int[n];
        ref var h = ref MemoryMarshal.GetArrayDataReference(hArray);
        ref var e = ref MemoryMarshal.GetArrayDataReference(eArray);
        ref var q = ref MemoryMarshal.GetReference(query);
        int best = 0, bestEnd = 0;
        for (var j = 0; j < target.Length; j++)
        {
            var t = target[j];
            int diagonal = 0, f = 0, columnMax = 0;
            for (var i = 0; i < n; i++)
            {
                // h[i] still holds column j-1 here; e[i] is the horizontal-gap state entering column j.
                ref var hi = ref Unsafe.Add(ref h, i);
                ref var ei = ref Unsafe.Add(ref e, i);
                var up = hi;
                var eNew = Max(ei - extend, up - open);
                var score = diagonal + (Unsafe.Add(ref q, i) == t ? match : mismatch);
                score = Max(Max(score, 0), Max(eNew, f));
                diagonal = up;
                hi = score;
                ei = eNew;
                f = Max(f - extend, score - open);
                columnMax = Max(columnMax, score);
            }

            if (columnMax > best)
            {
                best = columnMax;
                bestEnd = j + 1;
            }
        }

        return new LocalScore(best, bestEnd);
    }

    /// <summary>Branch-free maximum: the JIT turns <see cref="System.Math.Max(int, int)"/> into jumps here, which mispredict on text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Max(int a, int b)
    {
        var d = a - b;
        return a - (d & (d >> 31));
    }

    /// <summary>
    /// An optimal local alignment of <paramref name="query"/> against <paramref name="target"/> with its path
    /// (O(|query| · |target|) bytes of traceback, so call it on windows). Ties prefer the diagonal, then a gap in the
    /// query, then a gap in the target; the best cell is the first reached scanning the target left to right.
    /// Returns null when no positive-scoring alignment exists.
    /// With <paramref name="wholeQuery"/> the alignment is a fitting one instead: all of the query against the best
    /// stretch of the target (the query's ends are not free, so its edges are aligned too, at whatever cost); it is
    /// then never null for a non-empty query and target, and its score may be negative.
    /// </summary>
    public static LocalAlignment? Align(ReadOnlySpan<char> query, ReadOnlySpan<char> target, AlignmentScoring scoring, bool wholeQuery = false)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        int n = query.Length, m = target.Length;
        if (n == 0 || m == 0)
        {
            return null;
        }

        int match = scoring.Match, mismatch = scoring.Mismatch, open = scoring.GapOpen, extend = scoring.GapExtend;
        const byte FromDiagonal = 1, FromE = 2, FromF = 3, EExtends = 4, FExtends = 8;
        var trace = new byte[(n + 1) * (m + 1)];
        const int NegativeInfinity = int.MinValue / 4;
        var h = new int[n + 1];
        var e = new int[n + 1];
        if (wholeQuery)
        {
            // Column 0: a query prefix against nothing is one gap; no horizontal gap is open yet.
            for (var i = 1; i <= n; i++)
            {
                h[i] = -(open + ((i - 1) * extend));
                e[i] = NegativeInfinity;
            }
        }

        int best = wholeQuery ? int.MinValue : 0, bestI = 0, bestJ = 0;
        for (var j = 1; j <= m; j++)
        {
            var t = target[j - 1];
            int diagonal = 0, f = wholeQuery ? -open : NegativeInfinity;
            for (var i = 1; i <= n; i++)
            {
                byte bits = 0;
                var up = h[i];
                var eOpen = up - open;
                var eExtend = e[i] - extend;
                int ei;
                if (eExtend > eOpen)
                {
                    ei = eExtend;
                    bits |= EExtends;
                }
                else
                {
                    ei = eOpen;
                }

                var hi = diagonal + (query[i - 1] == t ? match : mismatch);
                byte from = FromDiagonal;
                if (ei > hi)
                {
                    hi = ei;
                    from = FromE;
                }

                if (f > hi)
                {
                    hi = f;
                    from = FromF;
                }

                if (!wholeQuery && hi <= 0)
                {
                    hi = 0;
                    from = 0;
                }

                bits |= from;
                diagonal = up;
                h[i] = hi;
                e[i] = ei;
                var fOpen = hi - open;
                var fExtend = f - extend;
                // F of cell (i+1, j): record on that cell whether it extends F rather than opening from H here.
                if (fExtend > fOpen)
                {
                    f = fExtend;
                    if (i < n)
                    {
                        trace[((i + 1) * (m + 1)) + j] |= FExtends;
                    }
                }
                else
                {
                    f = fOpen;
                }

                trace[(i * (m + 1)) + j] |= bits;
                if (hi > best && (!wholeQuery || i == n))
                {
                    best = hi;
                    bestI = i;
                    bestJ = j;
                }
            }
        }

        if (!wholeQuery && best == 0)
        {
            return null;
        }

        var ops = new System.Text.StringBuilder();
        int ci = bestI, cj = bestJ, state = 0; // 0 = H, 1 = E, 2 = F
        while (ci > 0 && cj > 0)
        {
            var cell = trace[(ci * (m + 1)) + cj];
            if (state == 0)
            {
                var from = cell & 3;
                if (from == 0)
                {
                    break;
                }

                if (from == FromDiagonal)
                {
                    ops.Append(query[ci - 1] == target[cj - 1] ? '=' : 'X');
                    ci--;
                    cj--;
                }
                else
                {
                    state = from == FromE ? 1 : 2;
                }
            }
            else if (state == 1)
            {
                // E: target character against a gap; came from E (extend) or H (open) in column j-1.
                ops.Append('D');
                state = (cell & EExtends) != 0 ? 1 : 0;
                cj--;
            }
            else
            {
                ops.Append('I');
                state = (cell & FExtends) != 0 ? 2 : 0;
                ci--;
            }
        }

        if (wholeQuery)
        {
            // Reached the target's start with query left: those characters stand against gaps.
            ops.Append('I', ci);
            ci = 0;
        }

        var operations = new string([.. ops.ToString().Reverse()]);
        return new LocalAlignment
        {
            Score = best,
            QueryStart = ci,
            QueryEnd = bestI,
            TargetStart = cj,
            TargetEnd = bestJ,
            Operations = operations,
        };
    }
}
