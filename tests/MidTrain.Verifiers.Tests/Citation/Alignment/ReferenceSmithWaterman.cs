using MidTrain.Verifiers.Citation.Alignment;

namespace MidTrain.Verifiers.Tests.Citation.Alignment;

/// <summary>
/// The slow, obvious reference: Gotoh's recurrence evaluated cell by cell, column by column, keeping the previous and
/// the current column of each of the three states. H = best alignment ending in (i, j); E = ending with a target
/// character against a gap; F = ending with a query character against a gap. A gap of length k costs
/// open + (k − 1) · extend.
/// </summary>
internal static class ReferenceSmithWaterman
{
    private const int NegativeInfinity = -1_000_000_000;

    public static (int Score, int TargetEnd) Score(string query, string target, AlignmentScoring scoring)
    {
        int n = query.Length, m = target.Length;
        var hPrevious = new int[n + 1];
        var ePrevious = new int[n + 1];
        var h = new int[n + 1];
        var e = new int[n + 1];
        var f = new int[n + 1];
        Array.Fill(ePrevious, NegativeInfinity);
        int best = 0, bestEnd = 0;
        for (var j = 1; j <= m; j++)
        {
            h[0] = 0;
            e[0] = NegativeInfinity;
            f[0] = NegativeInfinity;
            for (var i = 1; i <= n; i++)
            {
                e[i] = System.Math.Max(hPrevious[i] - scoring.GapOpen, ePrevious[i] - scoring.GapExtend);
                f[i] = System.Math.Max(h[i - 1] - scoring.GapOpen, f[i - 1] - scoring.GapExtend);
                var diagonal = hPrevious[i - 1] + (query[i - 1] == target[j - 1] ? scoring.Match : scoring.Mismatch);
                h[i] = System.Math.Max(0, System.Math.Max(diagonal, System.Math.Max(e[i], f[i])));
                if (h[i] > best)
                {
                    best = h[i];
                    bestEnd = j;
                }
            }

            (hPrevious, h) = (h, hPrevious);
            (ePrevious, e) = (e, ePrevious);
        }

        return (best, bestEnd);
    }
}
