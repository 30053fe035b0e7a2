using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MidTrain.Tests;

namespace MidTrain.IntegrationTests;

/// <summary>
/// Budgets and targets through the real CLI against a loopback OpenAI-compatible server (one request per record):
/// the run stops within one in-flight window of the limit, says why, and resumes.
/// </summary>
public sealed partial class BudgetAndTargetCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    // In flight at a stop: channels and workers of chunk (1 + 1) and generate (4 + 4), and the record in the source's hand.
    private const int Window = 11;

    private static (string Dir, string Pipeline) Setup(FakeOpenAiServer server, int records, string extra)
    {
        var dir = TestPaths.NewTempDir("midtrain-budget-cli");
        File.WriteAllLines(Path.Combine(dir, "corpus.jsonl"), Enumerable.Range(0, records).Select(i => JsonSerializer.Serialize(new
        {
            id = $"doc{i:D4}",
            text = $"Document {i} is about lighthouse {i}, built in {1800 + i} on a rock, and about its keepers.",
        })));
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, $$"""
            name: budget-cli
            seed: 4
            input:
              path: corpus.jsonl
            models:
              teacher:
                provider: openai
                endpoint: {{server.Endpoint}}
                model: fake
                api_key_env: MIDTRAIN_TEST_TEACHER_KEY
                price: {input_per_mtok: 3, output_per_mtok: 15}
            stages:
              - chunk: { max_chars: 400, min_chars: 20 }
                concurrency: 1
                capacity: 1
              - generate: backtranslation
                model: teacher
                per_passage: 1
                dedup: false
                concurrency: 4
                capacity: 4
            {{extra}}
            """);
        return (dir, pipeline);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> Midtrain(string dir, params string[] args)
    {
        var start = MidtrainCli.StartInfo(dir, args);
        start.Environment["MIDTRAIN_TEST_TEACHER_KEY"] = Secret;
        return MidtrainCli.RunAsync(start, Timeout);
    }

    private const string Secret = "sk-test-0123456789-do-not-leak";

    private static JsonNode Manifest(string runDir) => JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "manifest.json")))!;

    [GeneratedRegex(@"budget reached: usd (\d+\.\d\d) of 0\.01")]
    private static partial Regex UsdReached();

    [Fact]
    public async Task Run_UsdBudget_Exits3NamingTheBudget_WithinOneWindow_AndResumesWithARaisedBudget()
    {
        await using var server = new FakeOpenAiServer { Latency = TimeSpan.FromMilliseconds(10) };
        const int records = 200;
        var (dir, pipeline) = Setup(server, records, "budget: {usd: 0.01}");
        var runDir = Path.Combine(dir, "out");

        var (code, _, err) = await Midtrain(dir, "run", pipeline, "--out", runDir);

        code.Should().Be(3, err);
        var match = UsdReached().Matches(err).LastOrDefault() ?? Match.Empty;
        match.Success.Should().BeTrue(err);
        var manifest = Manifest(runDir);
        manifest["status"]!.GetValue<string>().Should().Be("interrupted");
        var spent = manifest["budget"]!["spent"]!["usd"]!.GetValue<double>();
        double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture).Should().BeApproximately(spent, 0.005 + 1e-9);
        var requests = manifest["usage"]!["requests"]!.GetValue<long>();
        var perRequest = spent / requests;
        spent.Should().BeGreaterThanOrEqualTo(0.01).And.BeLessThanOrEqualTo(0.01 + (Window * perRequest * 1.5), "the run stops within one in-flight window of the limit");
        var done = manifest["counts"]!["records_done"]!.GetValue<long>();
        done.Should().BeLessThan(records).And.Be(requests, "each record makes one request and every record read was finished");
        File.ReadLines(Path.Combine(runDir, "journal.jsonl")).Count().Should().Be((int)done);

        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("usd: 0.01", "usd: 100", StringComparison.Ordinal));
        (code, _, err) = await Midtrain(dir, "run", pipeline, "--out", runDir, "--resume");

        code.Should().Be(0, err);
        manifest = Manifest(runDir);
        manifest["counts"]!["records_done"]!.GetValue<long>().Should().Be(records);
        manifest["counts"]!["accepted"]!.GetValue<long>().Should().Be(records);
        manifest["usage"]!["requests"]!.GetValue<long>().Should().Be(records, "budgets count across resumes and no request was made twice");
        manifest["budget"]!["spent"]!["usd"]!.GetValue<double>().Should().BeApproximately(manifest["usage"]!["cost_usd"]!.GetValue<double>(), 1e-9);
        server.Requests.Should().Be(records);

        // The API key went to the server and nowhere else.
        server.Authorizations.Should().OnlyContain(a => a == "Bearer " + Secret);
        foreach (var file in Directory.EnumerateFiles(runDir, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).Should().NotContain(Secret, file);
        }

        err.Should().NotContain(Secret);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Run_Target_StopsReadingOnceMet_ThenAResumeWithARaisedTargetContinues()
    {
        await using var server = new FakeOpenAiServer();
        const int records = 150;
        var (dir, pipeline) = Setup(server, records, "target: {accepted: 40}");
        var runDir = Path.Combine(dir, "out");

        var (code, _, err) = await Midtrain(dir, "run", pipeline, "--out", runDir);

        code.Should().Be(0, err);
        err.Should().Contain("target met: ");
        var manifest = Manifest(runDir);
        manifest["target"]!["met"]!.GetValue<bool>().Should().BeTrue();
        var accepted = manifest["counts"]!["accepted"]!.GetValue<long>();
        accepted.Should().BeInRange(40, 40 + Window);
        manifest["counts"]!["records_done"]!.GetValue<long>().Should().Be(accepted);

        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("accepted: 40", "accepted: 100", StringComparison.Ordinal));
        (code, _, err) = await Midtrain(dir, "run", pipeline, "--out", runDir, "--resume");

        code.Should().Be(0, err);
        manifest = Manifest(runDir);
        manifest["counts"]!["accepted"]!.GetValue<long>().Should().BeInRange(100, 100 + Window);
        MidtrainCli.RootCounts(runDir).Values.Should().OnlyContain(c => c == 1);
        server.Requests.Should().Be(manifest["counts"]!["records_done"]!.GetValue<long>(), "no record was generated twice");
        Directory.Delete(dir, true);
    }
}
