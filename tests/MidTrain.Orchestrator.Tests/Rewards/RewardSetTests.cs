using System.Text.Json;
using MidTrain.Core.Configuration;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Rewards;

namespace MidTrain.Orchestrator.Tests.Rewards;

/// <summary>How a rewards file is bound (every key by the one binder, errors naming file, line and key) and how items are routed.</summary>
public sealed class RewardSetTests
{
    private const string File = "rewards.yaml";

    private static RewardSet Parse(string yaml) => RewardSet.Parse(yaml, File, new RewardRuntime { ModelFactory = (_, _) => new ScriptedChatClient("""{"rationale": "r", "score": 3}""") });

    private static ConfigException ParseError(string yaml) => FluentActions.Invoking(() => Parse(yaml)).Should().Throw<ConfigException>().Which;

    [Fact]
    public void Parse_UnknownKeyInAReward_ErrorNamesFileLineAndKey()
    {
        var error = ParseError("run_code: false\nrewards:\n  gsm8k:\n    kind: math\n    precison: 3\n");
        error.Message.Should().StartWith($"{File}:5: unknown key 'rewards.gsm8k.precison'").And.Contain("precision").And.Contain("format_penalty");
    }

    [Fact]
    public void Parse_VerifierOptionOutOfRange_ErrorNamesTheKey()
    {
        var error = ParseError("run_code: false\nrewards:\n  gsm8k:\n    kind: math\n    precision: 99\n");
        error.Message.Should().StartWith($"{File}:5: key 'rewards.gsm8k.precision'").And.Contain("between 0 and 15");
    }

    [Fact]
    public void Parse_NegativeFormatPenalty_ErrorNamesTheKey()
    {
        ParseError("run_code: false\nrewards:\n  gsm8k: {kind: math, format_penalty: -1}\n").Message.Should().Contain("format_penalty").And.Contain("0 or more");
    }

    [Fact]
    public void Parse_UnknownKind_ErrorListsTheKinds()
    {
        var error = ParseError("run_code: false\nrewards:\n  x:\n    kind: magic\n");
        error.Message.Should().StartWith($"{File}:4: key 'rewards.x.kind': unknown kind 'magic'").And.Contain("math").And.Contain("judge").And.Contain("combine").And.Contain("code");
    }

    [Fact]
    public void Parse_MissingKind_ErrorNamesKind()
    {
        ParseError("run_code: false\nrewards:\n  x: {format_penalty: 1}\n").Message.Should().Contain("'rewards.x.kind'").And.Contain("required");
    }

    [Fact]
    public void Parse_CombinationCycle_Refused()
    {
        var error = ParseError("""
            run_code: false
            rewards:
              a: {kind: combine, parts: [{reward: b}]}
              b: {kind: combine, parts: [{reward: a}, {reward: m}]}
              m: {kind: math}
            """);
        error.Message.Should().Contain("cycle").And.Contain("parts");
    }

    [Fact]
    public void Parse_CombinationOfAnUnknownReward_ErrorNamesIt()
    {
        ParseError("run_code: false\nrewards:\n  a: {kind: combine, parts: [{reward: nope, weight: 1}]}\n").Message.Should().Contain("'nope' is not a reward");
    }

    [Fact]
    public void Parse_DataSourceOnTwoRewards_Refused()
    {
        ParseError("run_code: false\nrewards:\n  a: {kind: math, data_sources: [gsm8k]}\n  b: {kind: math, data_sources: [gsm8k]}\n")
            .Message.Should().Contain("'gsm8k' is already routed to reward 'a'");
    }

    [Fact]
    public void Parse_DefaultThatIsNoReward_Refused()
    {
        ParseError("run_code: false\ndefault: nope\nrewards:\n  a: {kind: math}\n").Message.Should().StartWith($"{File}:2: key 'default'");
    }

    [Fact]
    public void Parse_JudgeOfAnUndefinedModel_ErrorNamesTheModelKey()
    {
        var error = ParseError("run_code: false\nrewards:\n  j: {kind: judge, model: nobody, criterion: instruction_following}\n");
        error.Message.Should().Contain("'rewards.j.model'").And.Contain("model 'nobody' is not defined");
    }

    [Fact]
    public void Parse_JudgeOfAnUnknownCriterion_ErrorNamesCriterion()
    {
        var error = ParseError("run_code: false\nmodels:\n  m: {provider: llama, path: tiny}\nrewards:\n  j: {kind: judge, model: m, criterion: wit}\n");
        error.Message.Should().Contain("'rewards.j.criterion'").And.Contain("unknown judge criterion 'wit'");
    }

    [Fact]
    public void Parse_JudgeSamplingKeys_BoundFromTheRewardMapping()
    {
        ParseError("run_code: false\nmodels:\n  m: {provider: llama, path: tiny}\nrewards:\n  j: {kind: judge, model: m, criterion: instruction_following, max_attempts: 99}\n")
            .Message.Should().Contain("max_attempts").And.Contain("between 1 and 10");
    }

    [Fact]
    public async Task Route_ByRewardByNameByDataSourceThenDefault()
    {
        await using var set = Parse("run_code: false\ndefault: b\nrewards:\n  a: {kind: math, data_sources: [openai/gsm8k]}\n  b: {kind: citation}\n");
        set.Route(Item(reward: "b")).Reward!.Name.Should().Be("b");
        set.Route(Item(dataSource: "a")).Reward!.Name.Should().Be("a");
        set.Route(Item(dataSource: "openai/gsm8k")).Reward!.Name.Should().Be("a");
        set.Route(Item(dataSource: "elsewhere")).Reward!.Name.Should().Be("b");
        set.Route(Item()).Reward!.Name.Should().Be("b");
        set.Route(Item(reward: "zzz")).Should().Match<RewardRoute>(r => r.Reward == null && r.Field == "reward");
        set.Rewards.Select(r => (r.Name, r.Kind)).Should().Equal(("a", "math"), ("b", "citation"));
        set.Sandbox.Should().BeNull();
        set.SandboxUnavailable.Should().Contain("run_code is false");
    }

    [Fact]
    public async Task Route_UnknownDataSourceWithoutDefault_NamesDataSource()
    {
        await using var set = Parse("run_code: false\nrewards:\n  a: {kind: math}\n");
        var route = set.Route(Item(dataSource: "lighteval/MATH"));
        route.Reward.Should().BeNull();
        route.Field.Should().Be("data_source");
        route.Error.Should().Contain("'lighteval/MATH'").And.Contain("default");
        set.Route(Item()).Field.Should().Be("data_source");
    }

    [Fact]
    public async Task ScoreAsync_MathWithoutGroundTruth_ArgumentErrorNamingGroundTruth()
    {
        await using var set = Parse("run_code: false\nrewards:\n  a: {kind: math}\n");
        await FluentActions.Awaiting(() => set.ScoreAsync(Item(reward: "a")).AsTask()).Should().ThrowAsync<ArgumentException>().WithMessage("ground_truth:*");
        var result = await set.ScoreAsync(Item(reward: "a") with { Solution = "\\boxed{1/2}", GroundTruth = JsonSerializer.SerializeToElement("0.5") });
        (result.Score, result.Outcome).Should().Be((1.0, VerdictOutcome.Pass));
    }

    [SkippableFact]
    public async Task Parse_RunCodeFalseWithACodeReward_SandboxForTheRewardButNoRunCode()
    {
        SandboxRequirement.Require();
        await using var set = Parse("run_code: false\nrewards:\n  c: {kind: code}\n");
        set.Sandbox.Should().NotBeNull();
        set.ServesRunCode.Should().BeFalse();
        await using var served = Parse("rewards:\n  m: {kind: math}\n");
        served.ServesRunCode.Should().BeTrue("run_code defaults to true and the sandbox starts");
    }

    private static RewardItem Item(string? reward = null, string? dataSource = null) => new() { Solution = "42", Reward = reward, DataSource = dataSource };
}
