using System.Text;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Corpus;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Corpus;

public sealed class CorpusReaderTests
{
    [Fact]
    public async Task ReadAsync_MixedGoodAndBadLines_ReportsEachBadLineWithFileLineAndField()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "c.jsonl");
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"id\":\"a\",\"text\":\"alpha\",\"lang\":\"en\"}\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"id\":\"b\",\"text\":\n"));                      // 2 malformed JSON
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"id\":\"c\"}\n"));                               // 3 missing text
        bytes.AddRange(new byte[] { (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)'}', (byte)'\n' }); // 4 invalid UTF-8
        bytes.AddRange(Encoding.UTF8.GetBytes("[1,2]\n"));                                      // 5 not an object
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"id\":\"a\",\"text\":\"again\"}\n"));              // 6 duplicate id
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"id\":7,\"text\":42}\n"));                        // 7 text not a string
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"id\":8,\"text\":\"numeric id\"}\n"));            // 8 ok, id "8"
        File.WriteAllBytes(path, bytes.ToArray());

        var records = await new CorpusReader(new CorpusOptions { Path = path }).ReadAsync().ToListAsync();

        records.Should().HaveCount(8);
        ((Document)records[0].Payload!).Metadata!["lang"].GetString().Should().Be("en");
        records[1].Error!.Message.Should().StartWith($"{path}:2: invalid JSON");
        records[2].Error!.Message.Should().Be($"{path}:3: field 'text': missing");
        records[3].Error!.Message.Should().StartWith($"{path}:4: invalid UTF-8");
        records[3].Error!.Raw.Should().StartWith("base64:");
        records[4].Error!.Message.Should().Be($"{path}:5: a record must be a JSON object, got Array");
        records[5].Error!.Message.Should().Be($"{path}:6: field 'id': duplicate id 'a'");
        records[6].Error!.Message.Should().Be($"{path}:7: field 'text': must be a string, got Number");
        ((Document)records[7].Payload!).Id.Should().Be("8");
        records.Where(r => r.Error is not null).Should().OnlyContain(r => r.Error!.Kind == "bad_input" && r.Root.Key.StartsWith('@'));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_CancelledAfterTheThirdRecord_ThrowsBeforeTheFourth()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "ten.jsonl");
        File.WriteAllLines(path, Enumerable.Range(1, 10).Select(i => $"{{\"id\":\"r{i}\",\"text\":\"t\"}}"));
        using var cts = new CancellationTokenSource();
        var read = new List<string>();

        var act = async () =>
        {
            await foreach (var record in new CorpusReader(new CorpusOptions { Path = path }).ReadAsync(cts.Token))
            {
                read.Add(record.Root.Key);
                if (read.Count == 3)
                {
                    await cts.CancelAsync();
                }
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
        read.Should().Equal("r1", "r2", "r3");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_EmptyFile_IsOneBadInputRecord()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "empty.jsonl");
        File.WriteAllText(path, string.Empty);

        var records = await new CorpusReader(new CorpusOptions { Path = path }).ReadAsync().ToListAsync();

        records.Should().ContainSingle().Which.Error!.Message.Should().Be($"{path}: empty file (no records)");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_DirectoryOfTextFiles_OneDocumentPerFileWithRelativeIds()
    {
        var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "b.md"), "# Title\n\nBody.");
        File.WriteAllText(Path.Combine(dir, "sub", "a.txt"), "Plain text.");
        File.WriteAllText(Path.Combine(dir, "ignored.bin"), "x");

        var docs = await new CorpusReader(new CorpusOptions { Path = dir }).ReadAsync().Select(r => (Document)r.Payload!).ToListAsync();

        docs.Select(d => d.Id).Should().Equal("b.md", Path.Combine("sub", "a.txt"));
        docs[0].Text.Should().Be("# Title\n\nBody.");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ResolveFiles_Glob_MatchesSortedFiles()
    {
        var dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "b.jsonl"), "{}");
        File.WriteAllText(Path.Combine(dir, "a.jsonl"), "{}");
        File.WriteAllText(Path.Combine(dir, "c.txt"), "x");

        CorpusReader.ResolveFiles(Path.Combine(dir, "*.jsonl")).Select(Path.GetFileName).Should().Equal("a.jsonl", "b.jsonl");
        Directory.Delete(dir, true);
    }
}
