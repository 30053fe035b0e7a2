using System.Text.Json.Nodes;
using MidTrain.Core.Records;
using MidTrain.Filters.Contracts;
using MidTrain.Filters.Decontamination;
using MidTrain.Filters.Text;
using Parquet;
using Parquet.Schema;

namespace MidTrain.Filters.Tests.Decontamination;

public sealed class BenchmarkIndexTests : IDisposable
{
    private static readonly string[] Vocabulary = ["alpha", "Beta", "gamma", "delta,", "EPSILON", "zeta.", "eta", "theta;", "iota", "kappa"];

    private readonly BenchmarkFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>The hashed index against the obvious implementation: sets of normalised n-gram strings per item.</summary>
    [Fact]
    public async Task FilterAsync_RandomTexts_AgreeWithStringNGramSets()
    {
        const int n = 4;
        var random = new Random(20240611);
        var items = Enumerable.Range(0, 60).Select(_ => RandomText(random, random.Next(2, 14))).ToArray();
        var path = _files.Jsonl("random.jsonl", items.Select((t, i) => new JsonObject { ["id"] = $"r{i}", ["text"] = t }).ToArray());
        var filter = DecontaminationFilter.Create(new DecontaminationOptions { Against = [path], N = n, MinOverlap = 2 });
        var itemNGrams = items.Select(t => NGrams(t, n)).ToArray();

        for (var trial = 0; trial < 400; trial++)
        {
            var text = RandomText(random, random.Next(1, 20));
            var checkedNGrams = NGrams(text, n);
            var normalisedWords = WordTokenizer.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var counts = itemNGrams.Select(g => g.Count(checkedNGrams.Contains)).ToArray();
            var qualifying = Enumerable.Range(0, items.Length).Where(i => itemNGrams[i].Count > 0 && counts[i] >= Math.Min(2, itemNGrams[i].Count)).ToArray();
            var wholeMatch = normalisedWords < n
                ? Enumerable.Range(0, items.Length).Where(i => itemNGrams[i].Count == 0 && WordTokenizer.Normalize(items[i]) == WordTokenizer.Normalize(text)).DefaultIfEmpty(-1).First()
                : -1;

            var decision = await filter.FilterAsync(FilterItem.FromDocument(new Document("d", text)));

            if (qualifying.Length > 0)
            {
                var best = qualifying.OrderByDescending(i => counts[i]).ThenBy(i => i).First();
                decision.IsRejected.Should().BeTrue($"'{text}' shares n-grams with '{items[best]}'");
                var details = decision.Details!.Value;
                details.GetProperty("item_id").GetString().Should().Be($"r{best}");
                details.GetProperty("matched_ngrams").GetInt32().Should().Be(counts[best]);
                details.GetProperty("item_ngrams").GetInt32().Should().Be(itemNGrams[best].Count);
                details.GetProperty("items_hit").GetInt32().Should().Be(qualifying.Length);
            }
            else if (wholeMatch >= 0)
            {
                decision.IsRejected.Should().BeTrue($"'{text}' equals '{items[wholeMatch]}' after normalisation");
                decision.Details!.Value.GetProperty("match").GetString().Should().Be("whole_text");
                decision.Details!.Value.GetProperty("item_id").GetString().Should().Be($"r{wholeMatch}");
            }
            else
            {
                decision.IsRejected.Should().BeFalse($"'{text}' shares fewer than 2 n-grams with every item");
            }
        }
    }

    [Fact]
    public void Build_Statistics_CountDistinctNGramsAndBytes()
    {
        var path = _files.Jsonl("s.jsonl",
            new JsonObject { ["id"] = "a", ["t"] = "one two three four five" },
            new JsonObject { ["id"] = "b", ["t"] = "two three four five six" },
            new JsonObject { ["id"] = "c", ["t"] = "short" },
            new JsonObject { ["id"] = "d", ["t"] = "  ...  " });

        var index = BenchmarkIndex.Build([path], n: 3);

        index.ItemCount.Should().Be(3);
        index.EmptyItems.Should().Be(1);
        index.NGramCount.Should().Be(4); // one-two-three, two-three-four (shared), three-four-five (shared), four-five-six
        index.WholeTextCount.Should().Be(1);
        index.Bytes.Should().BeGreaterThan(0);
        index.BytesPerNGram.Should().BeGreaterThan(12).And.BeLessThan(200);
    }

    [Fact]
    public async Task Build_Parquet_ReadsStringColumnsAndIntegerIds()
    {
        var path = Path.Combine(_files.Directory, "bench.parquet");
        var id = new DataField<long>("id");
        var prompt = new DataField<string>("prompt");
        var answer = new DataField<string>("answer");
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, prompt, answer), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(id, new long[] { 41, 42 });
            await group.WriteAsync(prompt, new[] { "how many legs does a spider have if you count all of them carefully", "name the largest planet of the solar system that orbits our sun" });
            await group.WriteAsync(answer, new[] { "eight", "Jupiter" });
        }

        var filter = DecontaminationFilter.Create(new DecontaminationOptions { Against = [path], N = 5 });
        var hit = await filter.FilterAsync(FilterItem.FromDocument(new Document("d", "Question: name the largest planet of the solar system, please.")));
        hit.Details!.Value.GetProperty("item_id").GetString().Should().Be("42");
        hit.Details!.Value.GetProperty("line").GetInt64().Should().Be(2);
        (await filter.FilterAsync(FilterItem.FromDocument(new Document("d", "JUPITER")))).IsRejected.Should().BeTrue();

        var promptOnly = DecontaminationFilter.Create(new DecontaminationOptions { Against = [path], N = 5, Fields = ["prompt"] });
        (await promptOnly.FilterAsync(FilterItem.FromDocument(new Document("d", "Jupiter")))).IsRejected.Should().BeFalse();
        FluentActions.Invoking(() => DecontaminationFilter.Create(new DecontaminationOptions { Against = [path], Fields = ["missing"] }))
            .Should().Throw<MidTrain.Core.Configuration.OptionsValidationException>().Where(e => e.Key == "fields");
    }

    private static HashSet<string> NGrams(string text, int n)
    {
        var words = WordTokenizer.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + n <= words.Length; i++)
        {
            set.Add(string.Join(' ', words[i..(i + n)]));
        }

        return set;
    }

    private static string RandomText(Random random, int words) =>
        string.Join(random.Next(3) == 0 ? "  " : " ", Enumerable.Range(0, words).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
}
