using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MidTrain.Tests;
using Parquet;
using Parquet.Schema;

namespace MidTrain.IntegrationTests;

public sealed class CompressedAndParquetInputTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private const string Pipeline = """
        name: parquet-test
        seed: 1
        input:
          path: data
        stages:
          - generic: length_filter
            min_chars: 10
          - generic: passthrough
            concurrency: 4
        """;

    /// <summary>
    /// 600 rows in 6 row groups: every 10th text is too short (rejected), every 97th (from 13) is null (bad input), and
    /// every 151st (from 20) repeats id 0 (bad input). Returns the key each row must be accounted under.
    /// </summary>
    private static async Task<HashSet<string>> WriteCorpusAsync(string path)
    {
        var id = new DataField<long>("id");
        var text = new DataField<string>("text", true);
        var source = new DataField<string>("source");
        var keys = new HashSet<string>();
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, text, source), stream);
        for (var group = 0; group < 6; group++)
        {
            var rows = Enumerable.Range(group * 100, 100).ToArray();
            var ids = rows.Select(i => i % 151 == 20 ? 0L : i).ToArray();
            var texts = rows.Select(i => i % 97 == 13 ? null : i % 10 == 0 ? "short" : $"Row {i}: " + new string('x', 40 + i % 30)).ToArray();
            foreach (var i in rows)
            {
                keys.Add(i % 151 == 20 || i % 97 == 13 ? $"@data/corpus.parquet:{i + 1}" : $"{i}");
            }

            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync<long>(id, ids);
            await rowGroup.WriteAsync(text, texts!);
            await rowGroup.WriteAsync(source, rows.Select(i => $"shard-{i % 3}").ToArray());
        }

        return keys;
    }

    [Fact]
    public async Task Run_ParquetCorpusWithLimitThenResume_EveryRowExactlyOnceInAcceptedRejectedOrFailed()
    {
        var dir = TestPaths.NewTempDir("midtrain-parquet");
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        var keys = await WriteCorpusAsync(Path.Combine(dir, "data", "corpus.parquet"));
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, Pipeline);
        var outDir = Path.Combine(dir, "out");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", outDir, "--limit", "250");
        code.Should().Be(1, err);
        MidtrainCli.RootCounts(outDir).Should().HaveCount(250);
        (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", outDir, "--resume");
        code.Should().Be(1, err);

        var counts = MidtrainCli.RootCounts(outDir);
        counts.Keys.Should().BeEquivalentTo(keys);
        counts.Values.Should().OnlyContain(c => c == 1, "no row lost, none duplicated across the resume");
        MidtrainCli.Ids(Path.Combine(outDir, "rejected.jsonl")).Should().HaveCount(keys.Count(k => !k.StartsWith('@') && long.Parse(k, System.Globalization.CultureInfo.InvariantCulture) % 10 == 0));
        var failed = File.ReadLines(Path.Combine(outDir, "failed.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        failed.Should().OnlyContain(f => f.GetProperty("kind").GetString() == "bad_input");
        failed.Select(f => f.GetProperty("message").GetString()).Should().Contain("data/corpus.parquet:row 14: field 'text': missing")
            .And.Contain("data/corpus.parquet:row 21: field 'id': duplicate id '0'");
        var accepted = JsonDocument.Parse(File.ReadLines(Path.Combine(outDir, "accepted.jsonl")).First()).RootElement;
        accepted.GetProperty("metadata").GetProperty("source").GetString().Should().StartWith("shard-");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Run_TruncatedJsonlGz_LinesBeforeTheCutAreProcessedAndTheCutIsOneFailedRecord()
    {
        var dir = TestPaths.NewTempDir("midtrain-gzip");
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        var text = new StringBuilder();
        for (var i = 1; i <= 4000; i++)
        {
            text.Append("{\"id\":\"g").Append(i).Append("\",\"text\":\"gzip line ").Append(i).Append(' ').Append(i * 7919 % 10007).Append("\"}\n");
        }

        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }

        File.WriteAllBytes(Path.Combine(dir, "data", "corpus.jsonl.gz"), compressed.ToArray()[..(int)(compressed.Length / 2)]);
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, Pipeline);
        var outDir = Path.Combine(dir, "out");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", outDir);

        code.Should().Be(1, "a cut gzip file is bad input, not a shorter corpus; stderr: " + err);
        var failed = File.ReadLines(Path.Combine(outDir, "failed.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var cut = failed.Should().ContainSingle().Subject;
        var line = cut.GetProperty("line").GetInt64();
        cut.GetProperty("message").GetString().Should().StartWith($"data/corpus.jsonl.gz:{line}: corrupt gzip stream: ");
        var counts = MidtrainCli.RootCounts(outDir);
        counts.Keys.Should().BeEquivalentTo(Enumerable.Range(1, (int)line - 1).Select(i => $"g{i}").Append($"@data/corpus.jsonl.gz:{line}"));
        counts.Values.Should().OnlyContain(c => c == 1);
        Directory.Delete(dir, true);
    }
}
