using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MidTrain.Core.Configuration;
using MidTrain.Core.Models;
using MidTrain.Core.Reasoning;
using MidTrain.Models.Reasoning;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Stages;

/// <summary>
/// A reasoning teacher (inline think tags, split off by the model layer) through generate and judge stages: the
/// generate stage keeps, writes or drops the trace as asked; judges see the answer only unless judge_reasoning.
/// </summary>
public sealed class ReasoningPipelineTests
{
    private const string Trace = "The passage gives {a year}; I quote it.";

    private static string Pipeline(string generateKeys, string judgeKeys) => $$"""
        name: reasoning
        seed: 3
        input:
          path: corpus.jsonl
        models:
          teacher: {provider: openai, endpoint: 'http://127.0.0.1:1/v1', model: r1}
          judge: {provider: openai, endpoint: 'http://127.0.0.1:1/v1', model: j}
        stages:
          - chunk: {max_chars: 400, min_chars: 20}
          - generate: teacher
            model: teacher
            dedup: false
        {{generateKeys}}
          - judge: [faithful]
            model: judge
        {{judgeKeys}}
        """;

    private static (string Dir, PipelineConfig Config) Setup(string yaml)
    {
        var dir = TestPaths.NewTempDir("midtrain-reasoning");
        File.WriteAllLines(Path.Combine(dir, "corpus.jsonl"), Enumerable.Range(0, 3).Select(i => JsonSerializer.Serialize(new
        {
            id = $"doc{i}",
            text = $"Lighthouse {i} was built in {1800 + i}. Its keepers saw many storms over the years.",
        })));
        var path = Path.Combine(dir, "p.yaml");
        File.WriteAllText(path, yaml);
        return (dir, PipelineConfigLoader.Load(path));
    }

    private sealed class Models
    {
        public List<string> JudgeSaw { get; } = [];

        public IChatClient Create(string name, ConfigMapping definition)
        {
            var identity = new ModelIdentity(name, name, "endpoint=test;model=" + name, "openai");
            if (name == "judge")
            {
                return new ScriptedChatClient((messages, _, _) =>
                {
                    lock (JudgeSaw)
                    {
                        JudgeSaw.Add(string.Join("\n", messages.Select(m => m.Text)));
                    }

                    return JsonSerializer.Serialize(new { rationale = "fine", score = 5 });
                }) { Identity = identity };
            }

            var teacher = new ScriptedChatClient((messages, _, _) =>
            {
                var year = messages[^1].Text.Split("built in ")[1][..4];
                var json = JsonSerializer.Serialize(new { question = "When was it built?", answer = $"In {year}.", evidence = new[] { $"was built in {year}" } });
                return $"<think>\n{Trace}\n</think>\n\n{json}";
            }) { Identity = identity };

            // The model layer as a run builds it: inline traces are split off below everything else.
            return new ChatClientBuilder(teacher).UseReasoning(ReasoningTags.Think).Build();
        }
    }

    private static async Task<(List<JsonNode> Accepted, JsonNode Manifest, Models Models)> RunAsync(string generateKeys, string judgeKeys = "")
    {
        var (dir, config) = Setup(Pipeline(generateKeys, judgeKeys));
        var runDir = Path.Combine(dir, "out");
        var models = new Models();
        var runner = new PipelineRunner(new RunRequest { Config = config, OutputDirectory = runDir }, modelFactory: models.Create);
        var outcome = await Deadline.Within(runner.RunAsync(), TimeSpan.FromSeconds(30), "run");
        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        var accepted = File.ReadAllLines(Path.Combine(runDir, "accepted.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        return (accepted, JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "manifest.json")))!, models);
    }

    [Fact]
    public async Task Separate_TraceInReasoningContent_AnswerAlone_JudgesSeeNoTrace()
    {
        var (accepted, manifest, models) = await RunAsync("    reasoning: separate");

        accepted.Should().HaveCount(3);
        var answer = accepted[0]["messages"]![1]!;
        answer["content"]!.GetValue<string>().Should().MatchRegex("^In 18\\d\\d\\.$");
        answer["reasoning_content"]!.GetValue<string>().Should().Be(Trace);
        models.JudgeSaw.Should().HaveCount(3).And.OnlyContain(p => !p.Contains("{a year}", StringComparison.Ordinal));
        var generate = manifest["stages"]!.AsArray().Single(s => s!["name"]!.GetValue<string>().StartsWith("generate", StringComparison.Ordinal))!;
        generate["report"]!["reasoning"]!["samples_with_trace"]!.GetValue<long>().Should().Be(3);
    }

    [Fact]
    public async Task Keep_TraceWrittenIntoTheContentWithTheTemplate_JudgesStillSeeTheAnswerOnly()
    {
        var (accepted, _, models) = await RunAsync("    reasoning: keep\n    reasoning_template: \"<reasoning>{reasoning}</reasoning>\\n{answer}\"", "    reasoning_template: \"<reasoning>{reasoning}</reasoning>\\n{answer}\"");

        var answer = accepted[0]["messages"]![1]!;
        answer["content"]!.GetValue<string>().Should().MatchRegex("^<reasoning>The passage gives \\{a year\\}; I quote it\\.</reasoning>\\nIn 18\\d\\d\\.$");
        answer["reasoning_content"].Should().BeNull();
        models.JudgeSaw.Should().HaveCount(3).And.OnlyContain(p => !p.Contains("{a year}", StringComparison.Ordinal) && p.Contains("In 18", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drop_NoTraceAnywhere()
    {
        var (accepted, _, _) = await RunAsync("    reasoning: drop");

        accepted.Should().OnlyContain(s => s["messages"]![1]!["reasoning_content"] == null && !s["messages"]![1]!["content"]!.GetValue<string>().Contains("think", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JudgeReasoning_JudgesSeeTheTraceBeforeTheAnswer()
    {
        var (_, _, models) = await RunAsync("    reasoning: separate", "    judge_reasoning: true");

        models.JudgeSaw.Should().HaveCount(3).And.OnlyContain(p => p.Contains("<think>\n" + Trace + "\n</think>\n\nIn 18", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("    reasoning: sometimes", "reasoning")]
    [InlineData("    reasoning_template: \"{answer} only\"", "reasoning_template")]
    public async Task BadReasoningKey_IsAConfigErrorNamingIt(string keys, string key)
    {
        var (dir, config) = Setup(Pipeline(keys, string.Empty));
        var runner = new PipelineRunner(new RunRequest { Config = config, OutputDirectory = Path.Combine(dir, "out") }, modelFactory: new Models().Create);

        var outcome = await Deadline.Within(runner.RunAsync(), TimeSpan.FromSeconds(30), "run");

        outcome.Status.Should().Be(RunStatus.Invalid);
        outcome.Message.Should().Contain($"p.yaml:").And.Contain($"key 'stages[1].{key}'");
    }
}
