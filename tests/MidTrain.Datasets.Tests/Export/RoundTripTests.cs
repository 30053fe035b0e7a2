using System.Text.Json.Nodes;
using MidTrain.Datasets.Export;
using MidTrain.Datasets.Tests.Fixtures;
using MidTrain.Tests;

namespace MidTrain.Datasets.Tests.Export;

/// <summary>Every column shape (nulls, empty lists, free-form JSON, 64-bit seeds, non-ASCII text) survives the Parquet round trip through hyparquet.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly string _root = TestPaths.NewTempDir("midtrain-roundtrip");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SkippableFact]
    public async Task ExportAsync_EveryColumnShape_ReadBackUnchanged()
    {
        Hyparquet.SkipIfUnavailable();
        var full = RunDirectoryBuilder.Sample("s1", "Pourquoi le ciel est-il bleu ? 文字 ✓ 🚀 \"cité\" et back\\slash\ttab", "À cause de la diffusion | Rayleigh.\nLigne 2.", scores: new Dictionary<string, double?> { ["answerable"] = 4.5, ["faithful"] = null },
            attributes: new Dictionary<string, string> { ["language"] = "fr", ["persona"] = "a sailor" });
        full["verdicts"] = new JsonArray(
            new JsonObject { ["name"] = "citation", ["version"] = "1", ["outcome"] = "pass", ["score"] = 0.97, ["reason"] = "ok", ["details"] = new JsonObject { ["quotes"] = new JsonArray(1, "two", null) }, ["duration_ms"] = 0.4 },
            new JsonObject { ["name"] = "math", ["version"] = "2", ["outcome"] = "invalid", ["duration_ms"] = 0 });
        full["judgements"]![0]!["distribution"] = new JsonObject { ["4"] = 0.5, ["5"] = 0.5 };
        full["judgements"]![0]!["expected_score"] = 4.5;
        full["lineage"]![0]!["seed"] = 8_646_911_284_551_352_321L;
        full["lineage"]![0]!["sampling"] = new JsonObject { ["temperature"] = 0.8 };
        full["lineage"]![0]!["tokens_in"] = 512;
        full["lineage"]![0]!["reasoning_tokens"] = 300;
        full["lineage"]![0]!["component"] = "pii";
        full["lineage"]![0]!["parameters"] = new JsonObject { ["kinds"] = new JsonArray("email", "iban"), ["redact"] = true };
        full["messages"]![1]!["reasoning_content"] = "D'abord {la diffusion}… puis 文字.";
        full["fields"] = new JsonObject { ["gold"] = "42", ["tests"] = new JsonArray("assert f() == 1") };
        var bare = RunDirectoryBuilder.Sample("s2", "Q?", "A.", "d2", attributes: new Dictionary<string, string> { ["difficulty"] = "hard" });
        bare["lineage"] = new JsonArray();
        bare["source"]!.AsObject().Remove("text");
        var system = RunDirectoryBuilder.Sample("s3", "Q3?", "A3.", "d3");
        system["messages"]!.AsArray().Insert(0, new JsonObject { ["role"] = "system", ["content"] = "Be brief." });
        var dir = new RunDirectoryBuilder().Accept(full).Accept(bare).Accept(system).Write(Path.Combine(_root, "run"));

        var result = await new DatasetExporter(new ExportOptions()).ExportAsync(dir, Path.Combine(_root, "out"));

        var file = (await Hyparquet.ReadAsync(Path.Combine(_root, "out", result.Files.Single())))[0];
        file.Rows.Select(SampleShape.FromParquet).Should().Equal(new[] { full, bare, system }.Select(SampleShape.FromJsonl));
        file.Rows[1]["attributes"]!["language"].Should().BeNull("an attribute a sample does not have is null in the struct column");
        file.Rows[1]["lineage"]!.AsArray().Should().BeEmpty();
        file.Rows[0]["lineage"]![0]!["seed"]!.ToString().Should().Be("8646911284551352321");
    }

    [SkippableFact]
    public async Task ExportAsync_KeysOutOfOrderUnknownOrRepeated_EachColumnGetsItsOwnValue()
    {
        Hyparquet.SkipIfUnavailable();

        // Columns are filled in one walk of each object, expecting MidTrain's key order: a line written by another
        // tool, with keys in any order, keys the schema does not know and a repeated key, must still land right.
        var sample = RunDirectoryBuilder.Sample("s1", "Q?", "A.", scores: new Dictionary<string, double?> { ["answerable"] = 4, ["faithful"] = 2 },
            attributes: new Dictionary<string, string> { ["language"] = "fr", ["persona"] = "a sailor" });
        sample["lineage"]![0]!["seed"] = 7;
        var reversed = Reverse(sample);
        reversed["unknown"] = "ignored";
        reversed["judgements"]![1]!.AsObject().Insert(0, "note", "ignored");
        var dir = new RunDirectoryBuilder().Accept(reversed).Accept(RunDirectoryBuilder.Sample("s2", "Q2?", "A2.", "d2")).Write(Path.Combine(_root, "run"));
        var accepted = Path.Combine(dir, "accepted.jsonl");
        var text = await File.ReadAllTextAsync(accepted);
        text.Should().Contain("\"persona\":\"a sailor\",\"language\":\"fr\"", "the attributes are reversed too");
        await File.WriteAllTextAsync(accepted, text.Replace("\"language\":\"fr\"", "\"language\":\"de\",\"language\":\"fr\"", StringComparison.Ordinal));

        var result = await new DatasetExporter(new ExportOptions()).ExportAsync(dir, Path.Combine(_root, "out"));

        var rows = (await Hyparquet.ReadAsync(Path.Combine(_root, "out", result.Files.Single())))[0].Rows;
        SampleShape.FromParquet(rows[0]).Should().Be(SampleShape.FromJsonl(sample));
        rows[0]["attributes"]!["language"]!.GetValue<string>().Should().Be("fr", "a repeated key counts as its last occurrence");
        rows[1]["id"]!.GetValue<string>().Should().Be("s2");
    }

    /// <summary>A deep copy with every object's keys in reverse order.</summary>
    private static JsonObject Reverse(JsonObject source)
    {
        static JsonNode? Copy(JsonNode? node) => node switch
        {
            JsonObject o => Reverse(o),
            JsonArray a => new JsonArray(a.Select(Copy).ToArray()),
            null => null,
            _ => node.DeepClone(),
        };

        var result = new JsonObject();
        foreach (var (key, value) in source.Reverse())
        {
            result[key] = Copy(value);
        }

        return result;
    }
}
