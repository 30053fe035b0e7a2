using System.Text;
using System.Text.Json;
using MidTrain.Tests;

namespace MidTrain.IntegrationTests;

public sealed class BadInputTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Run_CorpusWithBadLines_CompletesWithExitCode1AndEveryBadLineInFailed()
    {
        var dir = TestPaths.NewTempDir("midtrain-bad");
        var corpus = Path.Combine(dir, "corpus.jsonl");
        using (var file = File.Create(corpus))
        {
            void Line(string s) => file.Write(Encoding.UTF8.GetBytes(s + "\n"));
            Line("{\"id\":\"ok-1\",\"text\":\"fine\"}");
            Line("{\"id\":\"malformed\",\"text\":\"unterminated}");
            Line("{\"id\":\"no-text\"}");
            file.Write([(byte)'{', (byte)'"', (byte)'i', (byte)'d', (byte)'"', (byte)':', (byte)'"', 0xC0, 0xAF, (byte)'"', (byte)'}', (byte)'\n']);
            Line("{\"id\":\"big\",\"text\":\"" + new string('z', 20 * 1024 * 1024) + "\"}");
            Line("{\"id\":\"ok-2\",\"text\":\"also fine\"}");
        }

        File.WriteAllText(Path.Combine(dir, "empty.jsonl"), string.Empty);
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, "input:\n  path: '*.jsonl'\nstages:\n  - generic: passthrough\n");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", Path.Combine(dir, "out"));

        code.Should().Be(1, err);
        var failed = File.ReadAllLines(Path.Combine(dir, "out", "failed.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var messages = failed.Select(f => f.GetProperty("message").GetString()!).ToList();
        messages.Should().HaveCount(4);
        messages.Should().Contain(m => m.StartsWith("corpus.jsonl:2: invalid JSON", StringComparison.Ordinal));
        messages.Should().Contain("corpus.jsonl:3: field 'text': missing");
        messages.Should().Contain(m => m.StartsWith("corpus.jsonl:4: invalid UTF-8", StringComparison.Ordinal));
        messages.Should().Contain("empty.jsonl: empty file (no records)");
        failed.Should().OnlyContain(f => f.GetProperty("kind").GetString() == "bad_input" && f.GetProperty("stage").GetString() == "input");
        MidtrainCli.Ids(Path.Combine(dir, "out", "accepted.jsonl")).Should().BeEquivalentTo("ok-1", "big", "ok-2");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Run_RecordOverMaxRecordBytes_IsFailedWithoutStoppingTheRun()
    {
        var dir = TestPaths.NewTempDir("midtrain-bad");
        File.WriteAllText(Path.Combine(dir, "c.jsonl"), "{\"id\":\"a\",\"text\":\"" + new string('z', 5000) + "\"}\n{\"id\":\"b\",\"text\":\"ok\"}\n");
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, "input:\n  path: c.jsonl\n  max_record_bytes: 1000\nstages: []\n");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", Path.Combine(dir, "out"));

        code.Should().Be(1, err);
        File.ReadAllText(Path.Combine(dir, "out", "failed.jsonl")).Should().Contain("c.jsonl:1: line is 5,020 bytes, over the limit of 1,000 bytes");
        MidtrainCli.Ids(Path.Combine(dir, "out", "accepted.jsonl")).Should().Equal("b");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Run_OnBadInputFail_AbortsWithExitCode3NamingTheLine()
    {
        var dir = TestPaths.NewTempDir("midtrain-bad");
        File.WriteAllText(Path.Combine(dir, "c.jsonl"), "{\"id\":\"a\",\"text\":\"x\"}\nnot json\n");
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, "input:\n  path: c.jsonl\nstages: []\n");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", Path.Combine(dir, "out"), "--on-bad-input", "fail");

        code.Should().Be(3);
        err.Should().Contain("c.jsonl:2: invalid JSON");
        Directory.Delete(dir, true);
    }
}
