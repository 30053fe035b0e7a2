using MidTrain.Verifiers.Citation.Alignment;

namespace MidTrain.Verifiers.Tests.Citation.Alignment;

/// <summary>
/// The slow, obvious reference: Gotoh's three full matrices filled cell by cell, straight from the recurrence.
/// H = best alignment ending in (i, j); E = ending with a target character against a gap; F = ending with a query
/// character against a gap. A gap of length k costs open + (k − 1) · extend.
/// </summary>
internal static class ReferenceSmithWaterman
{
    private const int NegativeInfinity = -1_000_000_000;

    public static (int Score, int TargetEnd) Score(string query, string target, AlignmentScoring scoring)
    {
        int n = query.Length, m = target.Length;
        // Row-major (n + 1) x (m + 1) matrices; cell (i, j) is at i * (m + 1) + j.
        var w = m + 1;
        var h = new int[(n + 1) * w];
        var e = new int[(n + 1) * w];
        var f = new int[(n + 1) * w];
        Array.Fill(e, NegativeInfinity);
        Array.Fill(f, NegativeInfinity);

        int best = 0, bestEnd = 0;
        for (var j = 1; j <= m; j++)
        {
            for (var i = 1; i <= n; i++)
            {
                var cell = (i * w) + j;
                e[cell] = Math.Max(h[cell - 1] - scoring.GapOpen, e[cell - 1] - scoring.GapExtend);
                f[cell] = Math.Max(h[cell - w] - scoring.GapOpen, f[cell - w] - scoring.GapExtend);
                var diagonal = h[cell - w - 1] + (query[i - 1] == target[j - 1] ? scoring.Match : scoring.Mismatch);
                h[cell] = Math.Max(0, Math.Max(diagonal, Math.Max(e[cell], f[cell])));
                if (h[cell] > best)
                {
                    best = h[cell];
                    bestEnd = j;
                }
            }
        }

        return (best, bestEnd);
    }
}
