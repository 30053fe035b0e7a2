using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Records;
using MidTrain.Filters.Contracts;
using MidTrain.Filters.Decontamination;
using MidTrain.Filters.Text;
using MidTrain.Tests;
using Xunit.Abstractions;

namespace MidTrain.Filters.Tests.Decontamination;

/// <summary>
/// Issue 12's acceptance: HumanEval prompts and Math-Verify gold answers planted in a corpus verbatim and lightly
/// paraphrased (case, whitespace and punctuation changed) are all caught with the benchmark and item named; none of
/// 1,000 clean documents (prose recombined from examples/corpus.jsonl and HumanEval-style Python from a seeded
/// generator) is hit.
/// </summary>
public sealed class DecontaminationAcceptanceTests(ITestOutputHelper output)
{
    private const string HumanEvalFile = "HumanEval.jsonl.gz";
    private const string MathFile = "math-verify-cases.jsonl";

    [SkippableFact]
    public async Task FilterAsync_PlantedBenchmarkItems_AreAllCaughtAndCleanDocumentsAreNot()
    {
        var humanEvalPath = TestPaths.AcceptanceFile(HumanEvalFile);
        var mathPath = TestPaths.AcceptanceFile(MathFile);
        var humanEval = ReadJsonl(humanEvalPath).Select(r => (Id: r["task_id"]!.GetValue<string>(), Prompt: r["prompt"]!.GetValue<string>())).ToArray();
        var golds = ReadJsonl(mathPath).Select((r, i) => (Line: i + 1L, Gold: r["gold"]!.GetValue<string>())).ToArray();

        // One filter per benchmark, as a pipeline would configure them: each names its own fields.
        var humanEvalFilter = DecontaminationFilter.Create(new DecontaminationOptions { Against = [humanEvalPath], Fields = ["prompt"] });
        var mathFilter = DecontaminationFilter.Create(new DecontaminationOptions { Against = [mathPath], Fields = ["gold"] });
        output.WriteLine($"HumanEval index: {humanEvalFilter.Index.ItemCount} items, {humanEvalFilter.Index.NGramCount} 13-grams, {humanEvalFilter.Index.BytesPerNGram:F1} bytes/13-gram");
        output.WriteLine($"Math-Verify index: {mathFilter.Index.ItemCount} items, {mathFilter.Index.NGramCount} 13-grams, {mathFilter.Index.WholeTextCount} whole short texts");

        var random = new Random(12);
        var prose = ProseSentences();
        var caught = new Dictionary<string, (int Caught, int Planted)>();
        void Count(string category, bool hit)
        {
            var (c, p) = caught.GetValueOrDefault(category);
            caught[category] = (c + (hit ? 1 : 0), p + 1);
        }

        foreach (var (id, prompt) in humanEval)
        {
            foreach (var (variant, text) in new[] { ("verbatim", prompt), ("paraphrased", Paraphrase(prompt, random)) })
            {
                var document = $"{Pick(prose, random)} {text}\n{Pick(prose, random)}";
                var decision = await humanEvalFilter.FilterAsync(FilterItem.FromDocument(new Document($"he-{id}-{variant}", document)));
                decision.IsRejected.Should().BeTrue($"HumanEval {id} planted {variant} must be caught");
                var details = decision.Details!.Value;
                details.GetProperty("benchmark").GetString().Should().Be(humanEvalPath);
                var named = details.GetProperty("item_id").GetString()!;
                var namedPrompt = humanEval.Single(h => h.Id == named).Prompt;
                (named == id || WordTokenizer.Normalize(namedPrompt) == WordTokenizer.Normalize(prompt))
                    .Should().BeTrue($"the {variant} plant of {id} overlaps {id} most, or an item with the same words (HumanEval/56 and /61 differ only in punctuation); {named} was named");
                Count($"humaneval {variant}", decision.IsRejected);
            }
        }

        foreach (var (line, gold) in golds)
        {
            var words = WordTokenizer.Normalize(gold).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            foreach (var (variant, text) in new[] { ("verbatim", gold), ("paraphrased", Paraphrase(gold, random)) })
            {
                // Answers of 13 words or more sit inside prose; shorter ones are whole assistant turns (the only way a
                // short answer is recognisable: inside prose, "9" is just a number).
                var item = words >= 13
                    ? FilterItem.FromDocument(new Document($"mv-{line}-{variant}", $"{Pick(prose, random)} {text} {Pick(prose, random)}"))
                    : FilterItem.FromSample(new Sample
                    {
                        Id = $"mv-{line}-{variant}",
                        Source = new SourceSpan("d", 0, 0, 0),
                        Messages = [new Message("user", Pick(prose, random) + " What is the result?"), new Message("assistant", text)],
                    });
                var decision = await mathFilter.FilterAsync(item);
                decision.IsRejected.Should().BeTrue($"Math-Verify line {line} ('{gold}') planted {variant} must be caught");
                var details = decision.Details!.Value;
                details.GetProperty("benchmark").GetString().Should().Be(mathPath);
                var named = details.GetProperty("line").GetInt64();
                var namedGold = golds[named - 1].Gold;
                (named == line || WordTokenizer.Normalize(namedGold).Contains(WordTokenizer.Normalize(gold), StringComparison.Ordinal))
                    .Should().BeTrue($"line {named} ('{namedGold}') is named for line {line} ('{gold}'), so it must hold the same text");
                Count($"math-verify {(words >= 13 ? "long" : "short")} {variant}", decision.IsRejected);
            }
        }

        var clean = CleanDocuments(prose, new Random(1000), 1000);
        var cleanHits = new List<string>();
        foreach (var (id, text) in clean)
        {
            foreach (var filter in new[] { humanEvalFilter, mathFilter })
            {
                var decision = await filter.FilterAsync(FilterItem.FromDocument(new Document(id, text)));
                if (decision.IsRejected)
                {
                    cleanHits.Add($"{id}: {decision.Message}");
                }
            }
        }

        foreach (var (category, (c, p)) in caught.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{category,-32} caught {c}/{p}");
        }

        output.WriteLine($"clean documents hit: {cleanHits.Count}/{clean.Count}");
        cleanHits.Should().BeEmpty();
        clean.Should().HaveCount(1000);
        caught.Values.Sum(v => v.Planted).Should().Be((humanEval.Length + golds.Length) * 2);
    }

    /// <summary>Changes case, whitespace and punctuation, never the words: punctuation becomes other punctuation or a space.</summary>
    internal static string Paraphrase(string text, Random random)
    {
        var builder = new StringBuilder(text.Length + 16);
        var upper = random.Next(2) == 0;
        var inSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!inSpace)
                {
                    builder.Append(random.Next(4) switch { 0 => "\n", 1 => "  ", 2 => " \t ", _ => " " });
                }

                inSpace = true;
                continue;
            }

            inSpace = false;
            if (char.IsPunctuation(c) || char.IsSymbol(c))
            {
                // An apostrophe joins a word (don't = dont): swapping it for a separator would change the words.
                builder.Append(c is '\'' or '’' ? c : random.Next(5) switch { 0 => ' ', 1 => ',', 2 => ';', 3 => " - ", _ => '!' });
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>The sentences of examples/corpus.jsonl.</summary>
    internal static string[] ProseSentences() =>
        ReadJsonl(Path.Combine(TestPaths.RepoRoot, "examples", "corpus.jsonl"))
            .SelectMany(r => r["text"]!.GetValue<string>().Split(['.', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(s => s.Split(' ').Length >= 5)
            .Select(s => s + ".")
            .ToArray();

    /// <summary>Deterministic clean documents: 600 of recombined prose, 400 of HumanEval-style Python with invented names.</summary>
    internal static List<(string Id, string Text)> CleanDocuments(string[] prose, Random random, int count)
    {
        string[] verbs = ["count", "merge", "rotate", "filter", "rank", "split", "encode", "shift", "group", "trim"];
        string[] nouns = ["lanterns", "voyages", "glaciers", "ledgers", "orchards", "signals", "tiles", "harbours", "quarries", "bridges"];
        string[] adjectives = ["heaviest", "oldest", "brightest", "narrowest", "rarest", "longest", "quietest", "coldest"];
        var documents = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            if (i % 5 < 3)
            {
                documents.Add(($"clean-prose-{i}", string.Join(' ', Enumerable.Range(0, random.Next(3, 9)).Select(_ => Pick(prose, random)))));
                continue;
            }

            var verb = Pick(verbs, random);
            var noun = Pick(nouns, random);
            var adjective = Pick(adjectives, random);
            var name = $"{verb}_{noun}";
            var values = string.Join(", ", Enumerable.Range(0, random.Next(2, 6)).Select(_ => random.Next(100)));
            documents.Add(($"clean-code-{i}", $$"""
                from typing import List


                def {{name}}(items: List[int], limit: int) -> List[int]:
                    \"\"\" Given a list of {{noun}} weights, {{verb}} them and keep the {{adjective}} ones up to the limit.
                    The catalogue of {{noun}} was kept by the harbour office since {{1800 + random.Next(200)}}.
                    >>> {{name}}([{{values}}], {{random.Next(10)}})
                    [{{values}}]
                    \"\"\"
                    kept = [x for x in items if x <= limit]
                    return sorted(kept, reverse={{(random.Next(2) == 0 ? "True" : "False")}})
                """));
        }

        return documents;
    }

    private static T Pick<T>(T[] values, Random random) => values[random.Next(values.Length)];

    private static List<JsonObject> ReadJsonl(string path)
    {
        using Stream file = File.OpenRead(path);
        using var stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var records = new List<JsonObject>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length > 0)
            {
                records.Add(JsonNode.Parse(line)!.AsObject());
            }
        }

        return records;
    }
}
