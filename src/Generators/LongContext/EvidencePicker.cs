using MidTrain.Core.Hashing;
using MidTrain.Core.Records;
using MidTrain.Generators.Chunking;

namespace MidTrain.Generators.LongContext;

/// <summary>
/// Chooses the evidence passages of one question at drawn depths of a context: for each passage a depth is drawn, the
/// document holding that point is taken (redrawn, up to 16 times, while it is one already used, then the nearest
/// unused document), and the passage is the sentence holding the point plus the following sentences up to the wanted
/// length (and earlier ones when it ends the document before half of that). The recorded depth is where the passage
/// starts. Deterministic for a seed; thread-safe (no state).
/// </summary>
internal static class EvidencePicker
{
    private const int Redraws = 16;
    private static readonly HashSet<int> NoneUsed = [];

    /// <summary>Evidence passages in <paramref name="count"/> different documents, in context order (null when it has fewer documents).</summary>
    public static IReadOnlyList<ContextEvidence>? Pick(Core.Records.LongContext context, int count, long seed, DepthDistribution depths, int chars)
    {
        if (context.Documents.Count < count || context.Text.Length == 0)
        {
            return null;
        }

        var used = new HashSet<int>();
        var evidence = new List<ContextEvidence>(count);
        for (var i = 0; i < count; i++)
        {
            double target = 0;
            var position = 0;
            ContextDocument? document = null;
            for (var attempt = 0; attempt < Redraws && document is null; attempt++)
            {
                target = depths.Draw(Uniform(seed, $"depth#{i}#{attempt}"));
                position = Math.Min(context.Text.Length - 1, (int)(target * context.Text.Length));
                var holder = Nearest(context, position, NoneUsed)!;
                if (!used.Contains(holder.Number))
                {
                    document = holder;
                }
            }

            document ??= Nearest(context, position, used)!;
            used.Add(document.Number);
            var point = Math.Clamp(position, document.Start, document.End - 1);
            var (start, end) = Passage(context.Text, document, point, chars);
            evidence.Add(new ContextEvidence
            {
                Document = document.Number,
                Start = start,
                End = end,
                Depth = Math.Round((double)start / context.Text.Length, 6),
                TargetDepth = Math.Round(target, 6),
            });
        }

        evidence.Sort((a, b) => a.Start.CompareTo(b.Start));
        return evidence;
    }

    /// <summary>A uniform draw in [0, 1) from (seed, label).</summary>
    public static double Uniform(long seed, string label) => ((ulong)SeedDerivation.Derive(seed, label) >> 10) * (1.0 / (1UL << 53));

    /// <summary>The document holding <paramref name="position"/> (or nearest to it: a delimiter lies between two) among those not in <paramref name="used"/>.</summary>
    private static ContextDocument? Nearest(Core.Records.LongContext context, int position, HashSet<int> used)
    {
        ContextDocument? best = null;
        var bestDistance = long.MaxValue;
        foreach (var document in context.Documents)
        {
            if (used.Contains(document.Number) || document.Length == 0)
            {
                continue;
            }

            long distance = position < document.Start ? document.Start - position : position >= document.End ? position - document.End + 1 : 0;
            if (distance < bestDistance)
            {
                best = document;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>The sentence of <paramref name="document"/> holding <paramref name="point"/>, then following sentences up to <paramref name="chars"/>.</summary>
    private static (int Start, int End) Passage(string text, ContextDocument document, int point, int chars)
    {
        var windowStart = Math.Max(document.Start, point - (2 * chars));
        var windowEnd = (int)Math.Min(document.End, (long)point + (2 * chars));
        var sentences = TextUnits.Sentences(text, windowStart, windowEnd);
        if (sentences.Count == 0)
        {
            return (document.Start, Math.Min(document.End, document.Start + chars));
        }

        var index = sentences.FindLastIndex(s => s.Start <= point);
        index = Math.Max(0, index);

        // A first sentence cut by the window start is not a sentence start: take the next one when there is one.
        if (index == 0 && windowStart > document.Start && sentences.Count > 1 && sentences[0].Start == windowStart)
        {
            index = 1;
        }

        var (start, end) = sentences[index];
        for (var next = index + 1; next < sentences.Count && end - start < chars && sentences[next].End - start <= 2 * chars; next++)
        {
            end = sentences[next].End;
        }

        // Near the end of a document (or of a cut one, whose last sentence may be a fragment): take earlier sentences too.
        for (var previous = index - 1; previous >= 0 && end - start < chars / 2 && end - sentences[previous].Start <= 2 * chars; previous--)
        {
            if (previous == 0 && windowStart > document.Start && sentences[0].Start == windowStart)
            {
                break;
            }

            start = sentences[previous].Start;
        }

        // A sentence longer than the window: cut at a word boundary.
        if (end - start > 2 * chars)
        {
            var cut = text.LastIndexOf(' ', start + (2 * chars), 2 * chars);
            end = cut > start ? cut : start + (2 * chars);
        }

        return (start, end);
    }
}
