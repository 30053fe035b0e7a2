using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Filters.Contracts;
using MidTrain.Filters.Decontamination;
using MidTrain.Filters.Language;
using MidTrain.Filters.Pii;

namespace MidTrain.Bench;

/// <summary>
/// <c>filters</c>: documents per second of each hygiene filter on one thread over a generated JSONL corpus (prose
/// recombined from examples/corpus.jsonl, one language a document, about 1,500 characters, one in ten with personal
/// data), against the raw read + parse rate of the same file measured in the same run (<c>ratio</c> = filter rate /
/// read+parse rate: above 1, the filter is faster than reading its input); and the decontamination index built from a
/// benchmark of about 10 million distinct 13-grams: build time, table bytes per n-gram, GC heap held, and peak RSS.
/// Args: <c>[documents (default 4000)] [benchmark n-grams (default 10000000)]</c>.
/// </summary>
internal sealed class FiltersBenchmark : IBenchmark
{
    private const int N = 13;
    private const int WordsPerItem = 200;

    public string Name => "filters";

    public Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var documents = args.Length > 0 && int.TryParse(args[0], out var d) && d > 0 ? d : 4000;
        var targetNGrams = args.Length > 1 && long.TryParse(args[1], out var g) && g > 0 ? g : 10_000_000;
        var dir = Path.Combine(Path.GetTempPath(), "midtrain-bench-filters-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var result = new JsonObject();

            // 1. The big index first, in a fresh process, so that its peak RSS is its own.
            var benchmarkFile = Path.Combine(dir, "benchmark.jsonl");
            var items = WriteBenchmark(benchmarkFile, targetNGrams);
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var rssBefore = Process.GetCurrentProcess().WorkingSet64;
            var started = Stopwatch.GetTimestamp();
            var bigIndex = BenchmarkIndex.Build([benchmarkFile], N, cancellationToken: cancellationToken);
            var buildSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            using (var process = Process.GetCurrentProcess())
            {
                result["index"] = new JsonObject
                {
                    ["benchmark_items"] = items,
                    ["benchmark_mb"] = Math.Round(new FileInfo(benchmarkFile).Length / 1e6, 1),
                    ["ngrams"] = bigIndex.NGramCount,
                    ["build_s"] = Math.Round(buildSeconds, 2),
                    ["ngrams_per_s"] = Math.Round(bigIndex.NGramCount / buildSeconds),
                    ["table_bytes"] = bigIndex.Bytes,
                    ["table_bytes_per_ngram"] = Math.Round(bigIndex.BytesPerNGram, 1),
                    ["gc_heap_held_mb"] = Math.Round((heapAfter - heapBefore) / 1e6, 1),
                    ["gc_heap_held_bytes_per_ngram"] = Math.Round((double)(heapAfter - heapBefore) / bigIndex.NGramCount, 1),
                    ["rss_before_mb"] = Math.Round(rssBefore / 1e6, 1),
                    ["peak_rss_mb"] = Math.Round(process.PeakWorkingSet64 / 1e6, 1),
                };
            }

            // 2. The corpus and the raw read + parse rate.
            var corpus = Path.Combine(dir, "corpus.jsonl");
            WriteCorpus(corpus, documents);
            var parsed = ReadAll(corpus);
            var readSeconds = Enumerable.Range(0, 3).Min(_ => Time(() => ReadAll(corpus)));
            var readRate = parsed.Count / readSeconds;
            result["corpus"] = new JsonObject
            {
                ["documents"] = parsed.Count,
                ["mb"] = Math.Round(new FileInfo(corpus).Length / 1e6, 2),
                ["read_parse_docs_per_s"] = Math.Round(readRate),
            };

            // 3. Each filter on one thread over the parsed documents.
            var filters = new JsonObject();
            var acceptance = Path.Combine(RepoRoot(), "..", "shared", "acceptance");
            var humanEval = Path.Combine(acceptance, "HumanEval.jsonl.gz");
            if (File.Exists(humanEval))
            {
                filters["decontaminate_humaneval"] = Run(() => DecontaminationFilter.Create(new DecontaminationOptions { Against = [humanEval], Fields = ["prompt"] }), parsed, readRate, cancellationToken);
            }

            filters["decontaminate_10m"] = Run(() => new DecontaminationFilter(bigIndex, new DecontaminationOptions { Against = [benchmarkFile] }), parsed, readRate, cancellationToken);
            filters["pii"] = Run(() => new PiiFilter(), parsed, readRate, cancellationToken);
            filters["language_low_all"] = Run(() => new LanguageFilter(new LanguageFilterOptions { Keep = ["en", "fr", "es"] }), parsed, readRate, cancellationToken);
            filters["language_low_all_max300"] = Run(() => new LanguageFilter(new LanguageFilterOptions { Keep = ["en", "fr", "es"], MaxChars = 300 }), parsed, readRate, cancellationToken);
            filters["language_low_20"] = Run(() => new LanguageFilter(new LanguageFilterOptions { Keep = ["en", "fr", "es"], Languages = ["en", "fr", "de", "es", "it", "pt", "nl", "pl", "sv", "ru", "zh", "ja", "ko", "ar", "tr", "vi", "id", "cs", "uk", "hi"] }), parsed, readRate, cancellationToken);
            filters["language_high_4"] = Run(() => new LanguageFilter(new LanguageFilterOptions { Keep = ["en", "fr", "es"], Languages = ["en", "fr", "de", "es"], Accuracy = LanguageAccuracy.High }), parsed, readRate, cancellationToken);
            result["filters"] = filters;
            GC.KeepAlive(bigIndex);
            return Task.FromResult(result);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Creates a filter (timed, with the GC heap it holds), then runs it over the documents for up to 10 s.</summary>
    private static JsonObject Run(Func<IFilter> create, IReadOnlyList<Document> documents, double readRate, CancellationToken cancellationToken)
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        var filter = create();
        var createSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);

        // Warm-up (tiered JIT, regex and lazy tables): 1.5 s over the documents, round and round, then the timed pass.
        var warmUp = Stopwatch.GetTimestamp();
        for (var i = 0; Stopwatch.GetElapsedTime(warmUp).TotalSeconds < 1.5; i = (i + 1) % documents.Count)
        {
            filter.FilterAsync(FilterItem.FromDocument(documents[i]), cancellationToken).AsTask().GetAwaiter().GetResult();
        }

        var done = 0;
        var rejected = 0;
        var rewritten = 0;
        started = Stopwatch.GetTimestamp();
        foreach (var document in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var decision = filter.FilterAsync(FilterItem.FromDocument(document), cancellationToken).AsTask().GetAwaiter().GetResult();
            rejected += decision.IsRejected ? 1 : 0;
            rewritten += decision.Rewrites.Count > 0 ? 1 : 0;
            done++;
            if (Stopwatch.GetElapsedTime(started).TotalSeconds > 10)
            {
                break;
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var rate = done / seconds;
        return new JsonObject
        {
            ["create_s"] = Math.Round(createSeconds, 2),
            ["heap_held_mb"] = Math.Round((heapAfter - heapBefore) / 1e6, 1),
            ["documents"] = done,
            ["docs_per_s"] = Math.Round(rate),
            ["ratio_to_read_parse"] = Math.Round(rate / readRate, 3),
            ["rejected"] = rejected,
            ["rewritten"] = rewritten,
        };
    }

    private static List<Document> ReadAll(string path)
    {
        var documents = new List<Document>();
        using var reader = JsonlLineReader.Open(path);
        while (reader.TryRead(out var line))
        {
            using var json = JsonDocument.Parse(line.Bytes);
            var root = json.RootElement;
            documents.Add(new Document(root.GetProperty("id").GetString()!, root.GetProperty("text").GetString()!));
        }

        return documents;
    }

    private static double Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Random 200-word items over a 60,000-word invented vocabulary: practically every 13-gram is distinct.</summary>
    private static int WriteBenchmark(string path, long targetNGrams)
    {
        var random = new Random(20240601);
        var vocabulary = Enumerable.Range(0, 60_000).Select(_ => RandomWord(random)).ToArray();
        var items = (int)Math.Ceiling((double)targetNGrams / (WordsPerItem - N + 1));
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var text = new StringBuilder();
        for (var i = 0; i < items; i++)
        {
            text.Clear();
            for (var w = 0; w < WordsPerItem; w++)
            {
                text.Append(w == 0 ? string.Empty : " ").Append(vocabulary[random.Next(vocabulary.Length)]);
            }

            writer.Write("{\"id\":\"b");
            writer.Write(i);
            writer.Write("\",\"question\":");
            writer.Write(JsonSerializer.Serialize(text.ToString()));
            writer.Write("}\n");
        }

        return items;
    }

    private static string RandomWord(Random random)
    {
        Span<char> word = stackalloc char[random.Next(3, 10)];
        for (var i = 0; i < word.Length; i++)
        {
            word[i] = (char)('a' + random.Next(26));
        }

        return new string(word);
    }

    /// <summary>
    /// Documents of about 1,500 characters, each from the sentences of the examples/corpus.jsonl records of one language
    /// (en, fr or es); every tenth gets an email address and a phone number.
    /// </summary>
    private static void WriteCorpus(string path, int count)
    {
        var random = new Random(77);
        var byLanguage = File.ReadLines(Path.Combine(RepoRoot(), "examples", "corpus.jsonl"))
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .GroupBy(o => o["language"]?.GetValue<string>() ?? "en")
            .Select(g => g.SelectMany(o => o["text"]!.GetValue<string>().Split(['.', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(s => s.Length > 20)
                .Select(s => s + ".")
                .ToArray())
            .ToArray();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        for (var i = 0; i < count; i++)
        {
            var sentences = byLanguage[random.Next(byLanguage.Length)];
            var text = new StringBuilder();
            while (text.Length < 1500)
            {
                text.Append(sentences[random.Next(sentences.Length)]).Append(' ');
            }

            if (i % 10 == 0)
            {
                text.Append($"editor{i}@example.org, +44 20 7946 {random.Next(1000, 9999)}.");
            }

            writer.Write(JsonSerializer.Serialize(new { id = $"doc-{i}", text = text.ToString() }));
            writer.Write('\n');
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MidTrain.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
