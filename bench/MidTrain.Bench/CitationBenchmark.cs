using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using MidTrain.Verifiers.Citation;
using MidTrain.Verifiers.Citation.Alignment;
using MidTrain.Verifiers.Citation.Quotes;

namespace MidTrain.Bench;

/// <summary>
/// <c>citation</c>: single-thread kernel GCUPS of the SIMD striped kernel and of the scalar Gotoh kernel on a
/// 200-character query against a 20,000-character text (match 2, mismatch −1, gap open 3, extend 1), and end-to-end
/// quotes verified per second for 300-character noisy quotes against 50,000-character sources (source preparation
/// included, 10 quotes per source).
/// </summary>
internal sealed class CitationBenchmark : IBenchmark
{
    public string Name => "citation";

    public Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var random = new Random(12345);
        var scoring = new AlignmentScoring(2, -1, 3, 1);
        var text = RandomProse(random, 20_000);
        var query = Noisy(random, text.Substring(9_000, 200), 0.05);
        var cells = 200.0 * text.Length;

        var simd = new StripedAligner(query, scoring);
        var simdScore = simd.Align(text);
        var simdSeconds = Measure(() => simd.Align(text), 1.5, cancellationToken);
        var scalar = new StripedAligner(query, scoring, VectorWidth.Scalar);
        var scalarScore = scalar.Align(text);
        var scalarSeconds = Measure(() => scalar.Align(text), 1.5, cancellationToken);
        if (simdScore != scalarScore)
        {
            throw new InvalidOperationException($"kernels disagree: {simdScore} vs {scalarScore}");
        }

        var perWidth = new JsonObject();
        foreach (var width in new[] { VectorWidth.V128, VectorWidth.V256, VectorWidth.V512 }.Where(StripedAligner.IsAccelerated))
        {
            var aligner = new StripedAligner(query, scoring, width);
            aligner.Align(text);
            perWidth[width.ToString()] = Math.Round(cells / Measure(() => aligner.Align(text), 0.5, cancellationToken) / 1e9, 3);
        }

        var eightBitQuery = query[..60];
        var eightBit = new StripedAligner(eightBitQuery, scoring);
        eightBit.Align(text);
        var eightBitGcups = 60.0 * text.Length / Measure(() => eightBit.Align(text), 0.5, cancellationToken) / 1e9;

        // End to end: prepare a 50,000-character source, extract nothing, check 10 quotes of 300 characters.
        var checker = new CitationChecker();
        var documents = Enumerable.Range(0, 8).Select(_ => RandomProse(random, 50_000)).ToList();
        var quoteSets = documents.Select(d => Enumerable.Range(0, 10).Select(_ =>
        {
            // A 300-character quote starting at a word (quotes are cut at word boundaries), with 3 % noise.
            var start = d.IndexOf(' ', random.Next(0, d.Length - 400)) + 1;
            return new Quote(Noisy(random, d.Substring(start, 300), 0.03), "s");
        }).ToList()).ToList();
        int quotes = 0, supported = 0;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < 2 && !cancellationToken.IsCancellationRequested)
        {
            for (var d = 0; d < documents.Count; d++)
            {
                var report = checker.Check([checker.CreateSource("s", documents[d])], quoteSets[d]);
                quotes += report.Quotes.Count;
                supported += report.Quotes.Count(q => q.Supported);
            }
        }

        var e2eSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var simdGcups = cells / simdSeconds / 1e9;
        var scalarGcups = cells / scalarSeconds / 1e9;
        return Task.FromResult(new JsonObject
        {
            ["simd_gcups"] = Math.Round(simdGcups, 3),
            ["scalar_gcups"] = Math.Round(scalarGcups, 3),
            ["ratio"] = Math.Round(simdGcups / scalarGcups, 2),
            ["quotes_per_s"] = Math.Round(quotes / e2eSeconds, 1),
            ["vector_width"] = simd.Width.ToString(),
            ["lane_bits"] = simd.LastLaneBits,
            ["score"] = simdScore.Score,
            ["query_chars"] = 200,
            ["text_chars"] = text.Length,
            ["e2e_quote_chars"] = 300,
            ["e2e_source_chars"] = 50_000,
            ["e2e_quotes_per_source"] = 10,
            ["e2e_supported_fraction"] = Math.Round((double)supported / Math.Max(1, quotes), 4),
            ["threads"] = 1,
            ["gcups_by_width"] = perWidth,
            ["gcups_8bit_60char_query"] = Math.Round(eightBitGcups, 3),
            ["lane_bits_60char_query"] = eightBit.LastLaneBits,
        });
    }

    /// <summary>Seconds per call: runs <paramref name="action"/> for about <paramref name="budgetSeconds"/> after a warm-up.</summary>
    private static double Measure(Action action, double budgetSeconds, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 3; i++)
        {
            action();
        }

        var runs = 0;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < budgetSeconds && !cancellationToken.IsCancellationRequested)
        {
            action();
            runs++;
        }

        return Stopwatch.GetElapsedTime(started).TotalSeconds / Math.Max(1, runs);
    }

    /// <summary>Pseudo-prose: words of 2–10 letters from a fixed syllable set, with punctuation and capitals.</summary>
    private static string RandomProse(Random random, int length)
    {
        string[] syllables = ["ta", "ri", "mon", "e", "sa", "lo", "ver", "di", "an", "ul", "co", "pre", "ste", "na", "gi", "or", "bel", "qu", "is", "fa"];
        var builder = new StringBuilder(length + 16);
        var sentenceStart = true;
        while (builder.Length < length)
        {
            var word = string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => syllables[random.Next(syllables.Length)]));
            builder.Append(sentenceStart ? char.ToUpperInvariant(word[0]) + word[1..] : word);
            sentenceStart = random.Next(12) == 0;
            builder.Append(sentenceStart ? ". " : random.Next(10) == 0 ? ", " : " ");
        }

        return builder.ToString(0, length);
    }

    private static string Noisy(Random random, string text, double rate)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetter(c) && random.NextDouble() < rate)
            {
                builder.Append((char)('a' + random.Next(26)));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
