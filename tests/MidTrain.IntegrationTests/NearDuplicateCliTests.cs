using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Tests;

namespace MidTrain.IntegrationTests;

/// <summary>
/// Near-duplicate removal through the real CLI: a run killed with SIGKILL and resumed, and three shards merged, keep and
/// reject the same samples as one uninterrupted run (a scripted model on loopback writes colliding questions; the tiny
/// model at parallel 1 is the documented determinism contract for local models).
/// </summary>
public sealed class NearDuplicateCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static readonly string[] Templates =
    [
        "What does the text say about {0}?",
        "What does this text say about {0} exactly?",
        "Why is {0} important according to the passage?",
        "Why is {0} so important according to this passage?",
        "How did {0} change over the years described here?",
        "Summarise the history of {0}.",
    ];

    private static readonly string[] Topics = ["the lighthouse", "the harbour", "the old mill", "the observatory", "the canal"];

    private static string CollidingQuestion(string prompt, long seed)
    {
        var marker = prompt.IndexOf("topic ", StringComparison.Ordinal);
        var topic = marker < 0 ? 0 : prompt[marker + 6] - '0';
        var text = string.Format(CultureInfo.InvariantCulture, Templates[(int)((ulong)seed % (ulong)Templates.Length)], Topics[topic % Topics.Length]);
        return JsonSerializer.Serialize(new { question = (ulong)seed / 7 % 3 == 0 ? text + " Please be brief." : text });
    }

    private static List<string> Ids(string dir, string file) =>
        File.ReadAllLines(Path.Combine(dir, file)).Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    private static async Task KillWhenJournaled(ProcessStartInfo start, string runDir, int lines)
    {
        using var process = Process.Start(start)!;
        var journal = Path.Combine(runDir, "journal.jsonl");
        var watch = Stopwatch.StartNew();
        while (!(File.Exists(journal) && File.ReadLines(journal).Count() >= lines) && watch.Elapsed < Timeout && !process.HasExited)
        {
            await Task.Delay(10);
        }

        process.HasExited.Should().BeFalse("the run must still be going when it is killed");
        process.Kill(entireProcessTree: true); // SIGKILL
        await process.WaitForExitAsync();
    }

    [Fact]
    public async Task ScriptedCollidingModel_SigkillResumeAndThreeShardsMerged_SameAcceptedAndRejectedAsOneRun()
    {
        await using var server = new ScriptedOpenAiServer(CollidingQuestion, TimeSpan.FromMilliseconds(25));
        var dir = TestPaths.NewTempDir("midtrain-dedup-cli");
        File.WriteAllLines(Path.Combine(dir, "corpus.jsonl"), Enumerable.Range(0, 120).Select(i => JsonSerializer.Serialize(new
        {
            id = $"doc{i:D3}",
            text = $"Document {i} tells the story of topic {i % Topics.Length}. It has several sentences about its builders and keepers over {i} years.",
        })));
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, $$"""
            name: dedup-cli
            seed: 3
            input:
              path: corpus.jsonl
            models:
              teacher:
                provider: openai
                endpoint: {{server.Endpoint}}
                model: scripted
            stages:
              - chunk: { max_chars: 400, min_chars: 20 }
              - generate: backtranslation
                model: teacher
                per_passage: 3
                concurrency: 4
            """);

        var reference = Path.Combine(dir, "reference");
        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", reference);
        code.Should().Be(0, err);

        var crashed = Path.Combine(dir, "crashed");
        await KillWhenJournaled(MidtrainCli.StartInfo(dir, "run", pipeline, "--out", crashed), crashed, 20);
        (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", crashed, "--resume");
        code.Should().Be(0, err);
        MidtrainCli.RootCounts(crashed).Values.Should().OnlyContain(c => c >= 1);

        var sharded = Path.Combine(dir, "sharded");
        for (var i = 0; i < 3; i++)
        {
            (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", sharded, "--shard", $"{i}/3");
            code.Should().Be(0, err);
        }

        (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "merge", sharded, "--out", Path.Combine(dir, "merged"));
        code.Should().Be(0, err);

        var accepted = Ids(reference, "accepted.jsonl");
        accepted.Count.Should().BeInRange(10, 200, "the questions collide: many are removed, some stay");
        foreach (var other in new[] { crashed, Path.Combine(dir, "merged") })
        {
            Ids(other, "accepted.jsonl").Should().Equal(accepted, Path.GetFileName(other));
            Ids(other, "rejected.jsonl").Should().Equal(Ids(reference, "rejected.jsonl"), Path.GetFileName(other));
        }

        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task TinyModelAtParallelOne_SigkillThenResume_SameAcceptedAndRejectedAsAnUninterruptedRun()
    {
        var dir = TestPaths.NewTempDir("midtrain-dedup-tiny");
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, $"""
            name: tiny-resume
            seed: 11
            input:
              path: {Path.Combine(TestPaths.RepoRoot, "examples", "corpus.jsonl")}
            models:
              teacher:
                provider: llama
                path: tiny
                context: 2048
                parallel: 1
                threads: 1
            stages:
              - chunk: {"{"} max_chars: 800, min_chars: 120 {"}"}
              - generate: backtranslation
                model: teacher
                per_passage: 2
                languages: [en, fr]
                max_field_chars: 60
                concurrency: 4
            """);

        var reference = Path.Combine(dir, "reference");
        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", reference, "--limit", "14");
        MidtrainCli.ShouldCompleteWithOnlyParseFailures(code, err, reference);

        var crashed = Path.Combine(dir, "crashed");
        await KillWhenJournaled(MidtrainCli.StartInfo(dir, "run", pipeline, "--out", crashed, "--limit", "14"), crashed, 4);
        (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", crashed, "--limit", "14", "--resume");
        MidtrainCli.ShouldCompleteWithOnlyParseFailures(code, err, crashed);

        Ids(crashed, "accepted.jsonl").Should().Equal(Ids(reference, "accepted.jsonl"));
        Ids(crashed, "rejected.jsonl").Should().Equal(Ids(reference, "rejected.jsonl"));
        Directory.Delete(dir, true);
    }
}
