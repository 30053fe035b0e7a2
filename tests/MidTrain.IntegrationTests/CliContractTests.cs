using MidTrain.Tests;

namespace MidTrain.IntegrationTests;

public sealed class CliContractTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("run")]
    [InlineData("merge")]
    [InlineData("export")]
    [InlineData("batches")]
    [InlineData("classifier train")]
    [InlineData("classifier apply")]
    [InlineData("filter quality")]
    [InlineData("verify reasoning_format")]
    [InlineData("verify math")]
    [InlineData("verify citation")]
    [InlineData("verify code")]
    [InlineData("verify language")]
    [InlineData("verify plugin")]
    [InlineData("filter pii")]
    [InlineData("filter language")]
    [InlineData("filter decontaminate")]
    [InlineData("dedup")]
    [InlineData("agreement")]
    [InlineData("serve")]
    [InlineData("serve rewards")]
    [InlineData("model tiny")]
    [InlineData(null)]
    public async Task Help_EveryCommand_PrintsUsageAndExitsZero(string? command)
    {
        var args = command is null ? new[] { "--help" } : [.. command.Split(' '), "--help"];
        var (code, stdout, stderr) = await MidtrainCli.RunAsync(TestPaths.RepoRoot, Timeout, args);
        code.Should().Be(0);
        (stdout + stderr).Should().Contain("USAGE");
    }

    [Fact]
    public async Task Run_UnknownKeyInPipeline_ExitCode2WithFileLineAndKey()
    {
        var dir = TestPaths.NewTempDir();
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, "input:\n  path: x.jsonl\n  txt_field: body\nstages: []\n");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", Path.Combine(dir, "o"));

        code.Should().Be(2);
        err.Trim().Should().StartWith($"error: {pipeline}:3: unknown key 'input.txt_field'");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Run_UnknownFlag_ExitCode2()
    {
        var (code, _, err) = await MidtrainCli.RunAsync(TestPaths.RepoRoot, Timeout, "run", "examples/quickstart.yaml", "--frobnicate");
        code.Should().Be(2);
        err.Should().Contain("frobnicate");
    }

    [Fact]
    public async Task Run_Quickstart_CompletesOffline()
    {
        var outDir = Path.Combine(TestPaths.NewTempDir(), "qs");
        var (code, _, err) = await MidtrainCli.RunAsync(TestPaths.RepoRoot, TimeSpan.FromSeconds(300), "run", "examples/quickstart.yaml", "--out", outDir);
        MidtrainCli.ShouldCompleteWithOnlyParseFailures(code, err, outDir);
        File.Exists(Path.Combine(outDir, "manifest.json")).Should().BeTrue();
        File.ReadLines(Path.Combine(outDir, "accepted.jsonl")).Should().NotBeEmpty();
    }

    [Fact]
    public async Task FilterPii_FileWithABadLine_RedactsKeepsOrderAndSendsTheBadLineToRejectsWithExit1()
    {
        var dir = TestPaths.NewTempDir("midtrain-filter-cli");
        var input = Path.Combine(dir, "in.jsonl");
        File.WriteAllLines(input,
        [
            """{"id": "a", "text": "Mail jane.doe@example.org today.", "source": "crawl"}""",
            """{"id": "b", "body": "no text field"}""",
            """{"id": "c", "text": "Card 4111 1111 1111 1111 on file; order 1234 5678 9012 3456 is not a card."}""",
        ]);

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "filter", "pii", "--in", input, "--out", Path.Combine(dir, "clean.jsonl"));

        code.Should().Be(1, err);
        var kept = File.ReadAllLines(Path.Combine(dir, "clean.jsonl")).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).ToList();
        kept.Select(k => k["id"]!.GetValue<string>()).Should().Equal("a", "c");
        kept[0]["text"]!.GetValue<string>().Should().Be("Mail <EMAIL> today.");
        kept[0]["source"]!.GetValue<string>().Should().Be("crawl", "other fields are kept");
        kept[1]["text"]!.GetValue<string>().Should().Be("Card <CREDIT_CARD> on file; order 1234 5678 9012 3456 is not a card.");
        var bad = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllLines(Path.Combine(dir, "clean.rejected.jsonl")).Single())!;
        bad["rejection"]!["message"]!.GetValue<string>().Should().Be($"{input}:2: field 'text': missing");
        Directory.Delete(dir, true);
    }
}
