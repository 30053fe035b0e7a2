using MidTrain.Core.Configuration;
using MidTrain.Orchestrator.Config;

namespace MidTrain.Orchestrator.Tests.Limits;

public sealed class LimitsConfigTests
{
    private const string Pipeline = """
        name: t
        input:
          path: corpus.jsonl
        stages:
          - generic: passthrough

        """;

    [Fact]
    public void Parse_BudgetAndTarget_BoundWithUnits()
    {
        var config = PipelineConfigLoader.Parse(Pipeline + "budget: {usd: 200, tokens: 5e9, requests: 1e6, wall: 12h}\ntarget: {accepted: 1000}\n", "p.yaml");

        config.Budget!.Usd.Should().Be(200);
        config.Budget.Tokens.Should().Be(5e9);
        config.Budget.Requests.Should().Be(1e6);
        config.Budget.Wall.Should().Be(TimeSpan.FromHours(12));
        config.Target!.Accepted.Should().Be(1000);
    }

    [Theory]
    [InlineData("budget: {usd: -1}", "budget.usd")]
    [InlineData("budget: {dollars: 5}", "budget")]
    [InlineData("budget: {}", "budget")]
    [InlineData("budget: {wall: soon}", "budget.wall")]
    [InlineData("target: {accepted: 0}", "target.accepted")]
    [InlineData("target: {accepted: 2.5}", "target.accepted")]
    public void Parse_BadLimit_ErrorNamesTheKey(string section, string key)
    {
        var act = () => PipelineConfigLoader.Parse(Pipeline + section + "\n", "p.yaml");

        act.Should().Throw<ConfigException>().Which.Key.Should().StartWith(key);
    }

    [Fact]
    public void PipelineSha256_IgnoresBudgetTargetCommentsAndKeyOrder_ButNotTheStages()
    {
        var plain = PipelineConfigLoader.Parse(Pipeline, "p.yaml");
        var limited = PipelineConfigLoader.Parse("# a comment\ntarget: {accepted: 5}\n" + Pipeline + "budget: {usd: 1}\n", "p.yaml");
        var changed = PipelineConfigLoader.Parse(Pipeline.Replace("passthrough", "length_filter", StringComparison.Ordinal), "p.yaml");

        limited.PipelineSha256.Should().Be(plain.PipelineSha256).And.HaveLength(64);
        limited.Sha256.Should().NotBe(plain.Sha256, "the file hash still pins the exact file");
        changed.PipelineSha256.Should().NotBe(plain.PipelineSha256);
    }
}
