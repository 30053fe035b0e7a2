using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MidTrain.Tests;

namespace MidTrain.IntegrationTests;

/// <summary>
/// Batch mode (<c>batch: true</c>) through the real CLI against a fake OpenAI batch API on loopback (files + batches,
/// completion after a delay, partial failures, expiry): a run killed with SIGKILL after submitting, then resumed,
/// collects every result once and submits nothing twice; <c>midtrain batches</c> lists and cancels.
/// </summary>
public sealed partial class BatchModeCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private const string Secret = "sk-batch-cli-3b8e1d-never-written";
    private const int Records = 60;

    [GeneratedRegex(@"Document (\d+) ")]
    private static partial Regex DocumentNumber();

    private static int DocumentOf(JsonObject line)
    {
        var prompt = string.Join("\n", line["body"]!["messages"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()));
        return int.Parse(DocumentNumber().Match(prompt).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static (string Dir, string Pipeline) Setup(FakeOpenAiServer server)
    {
        var dir = TestPaths.NewTempDir("midtrain-batch-cli");
        File.WriteAllLines(Path.Combine(dir, "corpus.jsonl"), Enumerable.Range(0, Records).Select(i => JsonSerializer.Serialize(new
        {
            id = $"doc{i:D3}",
            text = $"Document {i} is about lighthouse {i}, built in {1800 + i} on a rock, and about its keepers.",
        })));
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, $$"""
            name: batch-cli
            seed: 5
            input:
              path: corpus.jsonl
            models:
              teacher:
                provider: openai
                endpoint: {{server.Endpoint}}
                model: fake
                api_key_env: MIDTRAIN_TEST_BATCH_CLI_KEY
                batch: true
                batch_max_requests: 25
                batch_linger_s: 0.3
                batch_poll_s: 0.2
                price: {input_per_mtok: 2, output_per_mtok: 8, batch_discount: 0.5}
            stages:
              - chunk: { max_chars: 400, min_chars: 20 }
              - generate: backtranslation
                model: teacher
                per_passage: 1
                dedup: false
                concurrency: 100
            """);
        return (dir, pipeline);
    }

    private static ProcessStartInfo Start(string dir, params string[] args)
    {
        var start = MidtrainCli.StartInfo(dir, args);
        start.Environment["MIDTRAIN_TEST_BATCH_CLI_KEY"] = Secret;
        return start;
    }

    private static async Task KillAfterBatchesCreated(ProcessStartInfo start, string runDir, FakeOpenAiServer server, int batches)
    {
        using var process = Process.Start(start)!;
        var state = Path.Combine(runDir, "batches", "teacher", "state.jsonl");
        var watch = Stopwatch.StartNew();
        while (!(File.Exists(state) && Regex.Count(File.ReadAllText(state), "\"created\"") >= batches) && watch.Elapsed < Timeout && !process.HasExited)
        {
            await Task.Delay(20);
        }

        process.HasExited.Should().BeFalse("the run must still be waiting for its batches when it is killed");
        process.Kill(entireProcessTree: true); // SIGKILL
        await process.WaitForExitAsync();
        server.Batches.Should().HaveCountGreaterThanOrEqualTo(batches);
    }

    [Fact]
    public async Task Run_KilledAfterSubmission_ThenResumed_EveryResultCollectedOnce_NoBatchSubmittedTwice_CountsExact()
    {
        await using var server = new FakeOpenAiServer { BatchDelay = TimeSpan.FromSeconds(2) };
        server.BatchFate = (line, attempt) => (DocumentOf(line) % 10, attempt) switch
        {
            (3, _) => "expire",      // expires in both batches: failed.jsonl
            (5, 1) => "fail",        // a 500 the first time: resubmitted, then fine
            (7, 1) => "expire",      // expires the first time: resubmitted, then fine
            _ => "ok",
        };
        var (dir, pipeline) = Setup(server);
        var runDir = Path.Combine(dir, "out");

        await KillAfterBatchesCreated(Start(dir, "run", pipeline, "--out", runDir), runDir, server, batches: 2);
        var (code, _, err) = await MidtrainCli.RunAsync(Start(dir, "run", pipeline, "--out", runDir, "--resume"), Timeout);

        code.Should().Be(1, "the always-expiring records failed; stderr: " + err);
        var roots = MidtrainCli.RootCounts(runDir);
        roots.Should().HaveCount(Records).And.OnlyContain(r => r.Value == 1, "every record once");
        var doomed = Enumerable.Range(0, Records).Count(i => i % 10 == 3);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "manifest.json")))!;
        manifest["counts"]!["accepted"]!.GetValue<long>().Should().Be(Records - doomed);
        manifest["counts"]!["failed"]!.GetValue<long>().Should().Be(doomed);
        File.ReadLines(Path.Combine(runDir, "failed.jsonl")).Select(l => JsonNode.Parse(l)!["kind"]!.GetValue<string>()).Should().OnlyContain(k => k == "batch_expired");

        // Each request went into one batch, or two when the provider failed or expired it the first time.
        var lines = server.Batches.SelectMany(b => b.Lines.Select(l => (Batch: b, Line: l))).ToList();
        foreach (var group in lines.GroupBy(x => x.Line["custom_id"]!.GetValue<string>()))
        {
            var document = DocumentOf(group.First().Line);
            group.Count().Should().Be(document % 10 is 3 or 5 or 7 ? 2 : 1, $"document {document}");
        }

        lines.Select(x => x.Line["custom_id"]!.GetValue<string>()).Distinct().Should().HaveCount(Records);
        server.Downloads.Values.Should().OnlyContain(n => n == 1, "every result file is downloaded once, even across the kill");
        server.Requests.Should().Be(0, "nothing went to /v1/chat/completions");

        // Cost at the batch price; the key only in the Authorization header.
        var teacher = manifest["models"]!["teacher"]!;
        teacher["batch"]!.GetValue<bool>().Should().BeTrue();
        var full = ((teacher["tokens_in"]!.GetValue<long>() * 2) + (teacher["tokens_out"]!.GetValue<long>() * 8)) / 1e6;
        teacher["cost_usd"]!.GetValue<double>().Should().BeApproximately(full * 0.5, 1e-6);
        server.Authorizations.Should().OnlyContain(a => a == "Bearer " + Secret);
        server.Batches.Should().OnlyContain(b => !b.Metadata.Contains(Secret, StringComparison.Ordinal));
        server.Bodies.Should().NotContain(b => b.Contains(Secret, StringComparison.Ordinal));
        foreach (var file in Directory.EnumerateFiles(runDir, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).Should().NotContain(Secret, file);
        }

        err.Should().NotContain(Secret);

        var (listCode, list, listErr) = await MidtrainCli.RunAsync(Start(dir, "batches", runDir, "--json"), Timeout);
        listCode.Should().Be(0, listErr);
        var listed = JsonNode.Parse(list)!.AsArray();
        listed.Select(b => b!["batch"]?.GetValue<string>()).Should().BeEquivalentTo(server.Batches.Select(b => b.Id));
        listed.Should().OnlyContain(b => b!["state"]!.GetValue<string>() == "ended");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Batches_Cancel_CancelsOpenBatches_AndAResumeSubmitsTheirRequestsAgain()
    {
        await using var server = new FakeOpenAiServer { BatchDelay = TimeSpan.FromMinutes(10) };
        var (dir, pipeline) = Setup(server);
        var runDir = Path.Combine(dir, "out");
        await KillAfterBatchesCreated(Start(dir, "run", pipeline, "--out", runDir), runDir, server, batches: 3);

        var (code, _, err) = await MidtrainCli.RunAsync(Start(dir, "batches", runDir, "--cancel"), Timeout);

        code.Should().Be(0, err);
        var cancelled = Regex.Match(err, @"(\d+) of (\d+) open batch(es)? cancelled");
        cancelled.Success.Should().BeTrue(err);
        cancelled.Groups[1].Value.Should().Be(cancelled.Groups[2].Value).And.Be(server.Batches.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        server.Batches.Should().OnlyContain(b => b.CancelRequested);
        var (_, list, _) = await MidtrainCli.RunAsync(Start(dir, "batches", runDir, "--json"), Timeout);
        JsonNode.Parse(list)!.AsArray().Should().OnlyContain(b => b!["status"]!.GetValue<string>() == "cancelled");

        server.BatchDelay = TimeSpan.FromMilliseconds(300);
        (code, _, err) = await MidtrainCli.RunAsync(Start(dir, "run", pipeline, "--out", runDir, "--resume"), Timeout);

        code.Should().Be(0, err);
        MidtrainCli.RootCounts(runDir).Should().HaveCount(Records).And.OnlyContain(r => r.Value == 1);
        server.Batches.Count(b => b.Status == "completed").Should().BeGreaterThanOrEqualTo(3);
        Directory.Delete(dir, true);
    }
}
