using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using MidTrain.Core.Records;
using MidTrain.Generators.Chunking;
using MidTrain.Generators.Dedup;

namespace MidTrain.Bench;

/// <summary>
/// <c>generators</c>: chunking throughput (read + chunk) against reading the same files raw (read + decode), and the
/// near-duplicate filter's time for 20k and 200k questions (time should grow about linearly: at most 12× for 10×).
/// </summary>
internal sealed class GeneratorsBenchmark : IBenchmark
{
    public string Name => "generators";

    public Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"midtrain-bench-gen-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var files = WriteCorpus(dir, files: 40, bytesPerFile: 1_500_000);
            var megabytes = files.Sum(f => new FileInfo(f).Length) / 1e6;

            // Warm-up, then alternate raw and chunk runs and keep the best of each (less noise on a shared machine).
            Raw(files);
            Chunk(files);
            double rawBest = double.MaxValue, chunkBest = double.MaxValue;
            long passages = 0;
            for (var round = 0; round < 3; round++)
            {
                var raw = Stopwatch.StartNew();
                Raw(files);
                rawBest = Math.Min(rawBest, raw.Elapsed.TotalSeconds);
                var chunk = Stopwatch.StartNew();
                passages = Chunk(files);
                chunkBest = Math.Min(chunkBest, chunk.Elapsed.TotalSeconds);
            }

            Dedup(5_000); // warm-up
            var dedup20k = Dedup(20_000);
            var dedup200k = Dedup(200_000);
            return Task.FromResult(new JsonObject
            {
                ["corpus_mb"] = Math.Round(megabytes, 1),
                ["passages"] = passages,
                ["chunk_mb_per_s"] = Math.Round(megabytes / chunkBest, 1),
                ["raw_mb_per_s"] = Math.Round(megabytes / rawBest, 1),
                ["chunk_ratio"] = Math.Round(rawBest / chunkBest, 3),
                ["dedup_20k_s"] = Math.Round(dedup20k.Seconds, 3),
                ["dedup_200k_s"] = Math.Round(dedup200k.Seconds, 3),
                ["dedup_growth_10x"] = Math.Round(dedup200k.Seconds / dedup20k.Seconds, 2),
                ["dedup_200k_dropped"] = dedup200k.Dropped,
                ["dedup_200k_dropped_at_generation"] = dedup200k.DroppedAtOnce,
                ["dedup_200k_final_pass_s"] = Math.Round(dedup200k.SettleSeconds, 3),
                ["dedup_200k_questions_per_s"] = Math.Round(200_000 / dedup200k.Seconds),
            });
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static List<string> WriteCorpus(string dir, int files, int bytesPerFile)
    {
        var random = new Random(7);
        var words = Vocabulary(random, 20_000);
        var paths = new List<string>();
        for (var f = 0; f < files; f++)
        {
            var text = new StringBuilder(bytesPerFile + 1000);
            while (text.Length < bytesPerFile)
            {
                var sentences = random.Next(2, 9);
                for (var s = 0; s < sentences; s++)
                {
                    var n = random.Next(6, 30);
                    for (var w = 0; w < n; w++)
                    {
                        var word = words[random.Next(words.Length)];
                        text.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(w == n - 1 ? ". " : " ");
                    }
                }

                text.Append("\n\n");
            }

            var path = Path.Combine(dir, $"doc{f:D3}.txt");
            File.WriteAllText(path, text.ToString());
            paths.Add(path);
        }

        return paths;
    }

    private static string[] Vocabulary(Random random, int size) =>
        Enumerable.Range(0, size).Select(_ => new string(Enumerable.Range(0, random.Next(2, 11)).Select(_ => (char)('a' + random.Next(26))).ToArray())).ToArray();

    private static long Raw(List<string> files)
    {
        long chars = 0;
        foreach (var file in files)
        {
            chars += File.ReadAllText(file).Length;
        }

        return chars;
    }

    private static long Chunk(List<string> files)
    {
        var chunker = new PassageChunker(new ChunkerOptions { MaxChars = 2000, MinChars = 50 });
        long passages = 0;
        foreach (var file in files)
        {
            passages += chunker.Chunk(new Document(Path.GetFileName(file), File.ReadAllText(file))).Count;
        }

        return passages;
    }

    private static (double Seconds, double SettleSeconds, long Dropped, long DroppedAtOnce) Dedup(int count)
    {
        var random = new Random(count);
        var words = Vocabulary(random, 30_000);
        var questions = new string[count];
        for (var i = 0; i < count; i++)
        {
            if (i > 10 && random.NextDouble() < 0.1)
            {
                // A paraphrase of an earlier question: one word inserted.
                var earlier = questions[random.Next(i)].Split(' ').ToList();
                earlier.Insert(random.Next(earlier.Count), "really");
                questions[i] = string.Join(' ', earlier);
                continue;
            }

            questions[i] = string.Join(' ', Enumerable.Range(0, random.Next(8, 16)).Select(_ => words[random.Next(words.Length)])) + "?";
        }

        var index = new NearDuplicateIndex();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < questions.Length; i++)
        {
            index.Offer(i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture), questions[i]);
        }

        var offered = watch.Elapsed.TotalSeconds;
        var decisions = index.Settle();
        return (watch.Elapsed.TotalSeconds, watch.Elapsed.TotalSeconds - offered, decisions.Losers.Count, index.RejectedAtOnce);
    }
}
