using System.IO.Compression;
using System.Text;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Corpus;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Corpus;

public sealed class GzipJsonlTests
{
    private static byte[] Gzip(byte[] bytes)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return compressed.ToArray();
    }

    [Fact]
    public async Task ReadAsync_GzipJsonlWithGoodAndBadLines_SameRecordsAsThePlainFile()
    {
        var dir = TestPaths.NewTempDir();
        var lines = new List<byte>();
        lines.AddRange("\uFEFF{\"id\":\"a\",\"text\":\"alpha\",\"lang\":\"en\"}\r\n"u8.ToArray());
        lines.AddRange("{\"id\":\"b\",\"text\":\n"u8.ToArray());                                 // 2 malformed JSON
        lines.AddRange("\n"u8.ToArray());                                                         // 3 blank, skipped
        lines.AddRange("{\"id\":\"c\"}\n"u8.ToArray());                                           // 4 missing text
        lines.AddRange(new byte[] { (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)'}', (byte)'\n' }); // 5 invalid UTF-8
        lines.AddRange(Encoding.UTF8.GetBytes("{\"id\":\"big\",\"text\":\"" + new string('z', 3000) + "\"}\n")); // 6 too long
        lines.AddRange("{\"id\":\"a\",\"text\":\"again\"}\n"u8.ToArray());                       // 7 duplicate id
        lines.AddRange("{\"id\":8,\"text\":\"last, no newline\"}"u8.ToArray());                   // 8 ok
        var plain = Path.Combine(dir, "c.jsonl");
        var gzip = Path.Combine(dir, "c.jsonl.gz");
        File.WriteAllBytes(plain, lines.ToArray());
        File.WriteAllBytes(gzip, Gzip(lines.ToArray()));

        var expected = await new CorpusReader(new CorpusOptions { Path = plain, MaxRecordBytes = 1000 }).ReadAsync().ToListAsync();
        var reader = new CorpusReader(new CorpusOptions { Path = gzip, MaxRecordBytes = 1000 });
        var actual = await reader.ReadAsync().ToListAsync();

        actual.Should().HaveCount(7);
        actual.Select(r => r.Root.Key.Replace(gzip, plain, StringComparison.Ordinal)).Should().Equal(expected.Select(r => r.Root.Key));
        actual.Select(r => r.Error?.Message.Replace(gzip, plain, StringComparison.Ordinal)).Should().Equal(expected.Select(r => r.Error?.Message));
        actual.Select(r => r.Error?.Raw).Should().Equal(expected.Select(r => r.Error?.Raw));
        actual[4].Error!.Message.Should().Be($"{gzip}:6: line is 3,022 bytes, over the limit of 1,000 bytes (input.max_record_bytes)");
        ((Document)actual[0].Payload!).Metadata!["lang"].GetString().Should().Be("en");
        ((Document)actual[6].Payload!).Line.Should().Be(8);
        reader.BytesRead.Should().Be(reader.TotalBytes, "progress counts compressed bytes, like the total");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_TruncatedGzipJsonl_LinesBeforeTheCutThenOneBadRecordAtTheLineReached()
    {
        GzipTruncation.Detected.Should().BeTrue("Directory.Build.props sets System.IO.Compression.UseStrictValidation for every executable");
        var dir = TestPaths.NewTempDir();
        var text = new StringBuilder();
        for (var i = 1; i <= 5000; i++)
        {
            text.Append("{\"id\":\"r").Append(i).Append("\",\"text\":\"record ").Append(i).Append(' ').Append(i * 7919 % 10007).Append("\"}\n");
        }

        var compressed = Gzip(Encoding.UTF8.GetBytes(text.ToString()));
        var path = Path.Combine(dir, "cut.jsonl.gz");
        File.WriteAllBytes(path, compressed[..(compressed.Length / 2)]);

        var reader = new CorpusReader(new CorpusOptions { Path = path });
        var records = await reader.ReadAsync().ToListAsync();

        reader.BytesRead.Should().Be(reader.TotalBytes);
        var good = records.Count - 1;
        good.Should().BeInRange(100, 4999);
        records.Take(good).Select(r => r.Root.Key).Should().Equal(Enumerable.Range(1, good).Select(i => $"r{i}"));
        var last = records[^1];
        last.Error!.Kind.Should().Be("bad_input");
        last.Error.Message.Should().StartWith($"{path}:{good + 1}: corrupt gzip stream: ");
        last.Root.Key.Should().Be($"@{path}:{good + 1}");
        last.Root.Line.Should().Be(good + 1);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_PlainTextNamedJsonlGz_OneBadRecordAtLine1()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "fake.jsonl.gz");
        File.WriteAllText(path, "{\"id\":\"a\",\"text\":\"not compressed\"}\n");

        var records = await new CorpusReader(new CorpusOptions { Path = path }).ReadAsync().ToListAsync();

        records.Should().ContainSingle().Which.Error!.Message.Should().StartWith($"{path}:1: corrupt gzip stream: ");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_EmptyGzipJsonl_IsOneEmptyFileRecord()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "empty.jsonl.gz");
        File.WriteAllBytes(path, Gzip([]));

        var records = await new CorpusReader(new CorpusOptions { Path = path }).ReadAsync().ToListAsync();

        records.Should().ContainSingle().Which.Error!.Message.Should().Be($"{path}: empty file (no records)");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ResolveFiles_Directory_PicksParquetAndGzipJsonlBesideTheOtherKinds()
    {
        var dir = TestPaths.NewTempDir();
        await ParquetTestFiles.WriteSimpleAsync(Path.Combine(dir, "d.parquet"), ("p1", "from parquet"));
        File.WriteAllBytes(Path.Combine(dir, "c.jsonl.gz"), Gzip("{\"id\":\"g1\",\"text\":\"from gzip\"}\n"u8.ToArray()));
        File.WriteAllText(Path.Combine(dir, "b.jsonl"), "{\"id\":\"j1\",\"text\":\"from jsonl\"}\n");
        File.WriteAllText(Path.Combine(dir, "a.txt"), "from text");
        File.WriteAllText(Path.Combine(dir, "e.csv"), "id,text\n");
        File.WriteAllText(Path.Combine(dir, "f.gz"), "not picked from a directory");

        var reader = new CorpusReader(new CorpusOptions { Path = dir });

        reader.Files.Select(Path.GetFileName).Should().Equal("a.txt", "b.jsonl", "c.jsonl.gz", "d.parquet");
        (await reader.ReadAsync().Select(r => ((Document)r.Payload!).Id).ToListAsync()).Should().Equal("a.txt", "j1", "g1", "p1");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ResolveFiles_DirectoryWithoutCorpusFiles_MessageNamesEveryKind()
    {
        var dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "x.csv"), "id,text\n");

        var act = () => CorpusReader.ResolveFiles(dir);

        act.Should().Throw<FileNotFoundException>().WithMessage($"input directory {dir} holds no .jsonl, .jsonl.gz, .parquet, .txt or .md files");
        Directory.Delete(dir, true);
    }
}
