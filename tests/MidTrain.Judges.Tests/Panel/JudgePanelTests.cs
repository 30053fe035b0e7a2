using MidTrain.Core.Configuration;
using System.Text.Json;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Judges.Panel;
using MidTrain.Judges.Rubric;
using MidTrain.Judges.Tests.Fakes;

namespace MidTrain.Judges.Tests.Panel;

public sealed class JudgePanelTests
{
    private static JudgePanel Panel(JudgePanelOptions options, params (string Criterion, double? Score)[] judges) =>
        new(judges.Select(j => (IJudge)new FixedJudge("m", j.Criterion, j.Score)), options);

    private static Task<PanelResult> Evaluate(JudgePanel panel) => panel.EvaluateAsync(TestSamples.Qa()).AsTask();

    [Fact]
    public async Task Evaluate_AllEveryCriterionAtThreshold_Accepted()
    {
        var result = await Evaluate(Panel(new JudgePanelOptions { MinScore = 4 }, ("answerable", 4), ("self_contained", 5)));

        result.Decision.Accepted.Should().BeTrue();
        result.Decision.Outcome.Should().Be(PanelOutcome.Accepted);
        result.Decision.Criterion.Should().BeNull();
        result.Decision.Score.Should().Be(4, "under 'all' the score is the lowest criterion score");
        result.Judgements.Select(j => j.Criterion).Should().Equal("answerable", "self_contained");
    }

    [Fact]
    public async Task Evaluate_AllOneBelow_RejectedNamingFirstFailingCriterion()
    {
        var result = await Evaluate(Panel(new JudgePanelOptions { MinScore = 4 }, ("answerable", 5), ("self_contained", 3), ("faithful", 2)));

        result.Decision.Outcome.Should().Be(PanelOutcome.Rejected);
        result.Decision.Invalid.Should().BeFalse();
        result.Decision.Criterion.Should().Be("self_contained");
        result.Decision.Reason.Should().Be("self_contained scored 3, below its threshold 4; also below: faithful 2 < 4");
        result.Decision.Score.Should().Be(2);
    }

    [Fact]
    public async Task Evaluate_AllPerCriterionThreshold_Overrides()
    {
        var options = new JudgePanelOptions { MinScore = 4, Thresholds = new Dictionary<string, double> { ["self_contained"] = 3 } };

        var accepted = await Evaluate(Panel(options, ("answerable", 4), ("self_contained", 3)));
        var rejected = await Evaluate(Panel(options, ("answerable", 3), ("self_contained", 5)));

        accepted.Decision.Accepted.Should().BeTrue();
        rejected.Decision.Criterion.Should().Be("answerable");
    }

    [Theory]
    [InlineData(5, 3, true)]
    [InlineData(5, 2, false)]
    public async Task Evaluate_Mean_ComparesMeanWithMinScore(double a, double b, bool accepted)
    {
        var result = await Evaluate(Panel(new JudgePanelOptions { Aggregate = PanelAggregation.Mean, MinScore = 4 }, ("answerable", a), ("faithful", b)));

        result.Decision.Accepted.Should().Be(accepted);
        result.Decision.Score.Should().Be((a + b) / 2);
        if (!accepted)
        {
            result.Decision.Criterion.Should().Be("faithful", "the lowest criterion is named");
            result.Decision.Reason.Should().Be("mean score 3.5 is below min_score 4 (lowest: faithful 2)");
        }
    }

    [Fact]
    public async Task Evaluate_Weighted_UsesWeights()
    {
        var options = new JudgePanelOptions
        {
            Aggregate = PanelAggregation.Weighted,
            MinScore = 4,
            Weights = new Dictionary<string, double> { ["faithful"] = 3 },
        };

        // faithful weight 3, answerable weight 1 (default).
        var accepted = await Evaluate(Panel(options, ("answerable", 2), ("faithful", 5)));
        var rejected = await Evaluate(Panel(options, ("answerable", 5), ("faithful", 3)));

        accepted.Decision.Accepted.Should().BeTrue("(2 + 3·5) / 4 = 4.25, although the plain mean is 3.5");
        accepted.Decision.Score.Should().Be(4.25);
        rejected.Decision.Accepted.Should().BeFalse("(5 + 3·3) / 4 = 3.5");
        rejected.Decision.Score.Should().Be(3.5);
        rejected.Decision.Criterion.Should().Be("faithful");
    }

    [Fact]
    public async Task Evaluate_WeightedLargestShortfallNamed()
    {
        var options = new JudgePanelOptions
        {
            Aggregate = PanelAggregation.Weighted,
            MinScore = 4,
            Weights = new Dictionary<string, double> { ["answerable"] = 1, ["faithful"] = 4 },
        };

        // answerable shortfall 1 × (4 − 1) = 3; faithful 4 × (4 − 3) = 4: faithful pulls the mean down most.
        var result = await Evaluate(Panel(options, ("answerable", 1), ("faithful", 3)));

        result.Decision.Criterion.Should().Be("faithful");
    }

    [Theory]
    [InlineData(new double[] { 5, 4, 2 }, true, null)]
    [InlineData(new double[] { 5, 2, 1 }, false, "faithful")]
    [InlineData(new double[] { 5, 2 }, false, "faithful")]
    public async Task Evaluate_Majority_NeedsMoreThanHalfOfVotes(double[] scores, bool accepted, string? criterion)
    {
        string[] criteria = ["answerable", "faithful", "faithful"];
        var judges = scores.Select((s, i) => (criteria[i], (double?)s)).ToArray();

        var result = await Evaluate(Panel(new JudgePanelOptions { Aggregate = PanelAggregation.Majority, MinScore = 4 }, judges));

        result.Decision.Accepted.Should().Be(accepted);
        result.Decision.Criterion.Should().Be(criterion);
        result.Decision.Score.Should().BeApproximately(scores.Count(s => s >= 4) / (double)scores.Length, 1e-12);
    }

    [Fact]
    public async Task Evaluate_SeveralModelsOneCriterion_AllUsesTheirMean()
    {
        var panel = new JudgePanel(
            [new FixedJudge("small", "faithful", 3), new FixedJudge("large", "faithful", 5), new FixedJudge("small", "answerable", 4)],
            new JudgePanelOptions { MinScore = 4 });

        var result = await Evaluate(panel);

        panel.DistinctCriteria.Should().Equal("faithful", "answerable");
        result.Judgements.Select(j => j.Judge).Should().Equal("small", "large", "small");
        result.Decision.Accepted.Should().BeTrue("faithful averages (3 + 5) / 2 = 4");
    }

    [Fact]
    public async Task Evaluate_InvalidJudgement_RejectedAsInvalidNotAsLowScore()
    {
        // A valid 1 and an invalid judgement must lead to different, distinguishable decisions.
        var low = await Evaluate(Panel(new JudgePanelOptions(), ("answerable", 5), ("faithful", 1)));
        var invalid = await Evaluate(Panel(new JudgePanelOptions(), ("answerable", 5), ("faithful", null)));

        low.Decision.Invalid.Should().BeFalse();
        low.Decision.Reason.Should().StartWith("faithful scored 1");
        low.Decision.Score.Should().Be(1);

        invalid.Decision.Outcome.Should().Be(PanelOutcome.Rejected);
        invalid.Decision.Invalid.Should().BeTrue();
        invalid.Decision.Criterion.Should().Be("faithful");
        invalid.Decision.Judge.Should().Be("m");
        invalid.Decision.Score.Should().BeNull();
        invalid.Decision.Reason.Should().StartWith("invalid judgement of faithful by m: invalid:");
        invalid.Judgements.Should().Contain(j => !j.IsValid && j.Score == null);
    }

    [Theory]
    [InlineData(PanelAggregation.All)]
    [InlineData(PanelAggregation.Mean)]
    [InlineData(PanelAggregation.Weighted)]
    [InlineData(PanelAggregation.Majority)]
    public async Task Evaluate_InvalidWhenOthersWouldAccept_NeverAccepted(PanelAggregation aggregate)
    {
        var result = await Evaluate(Panel(new JudgePanelOptions { Aggregate = aggregate, MinScore = 3 },
            ("answerable", 5), ("faithful", 5), ("self_contained", null)));

        result.Decision.Accepted.Should().BeFalse();
        result.Decision.Invalid.Should().BeTrue();
        result.Decision.Criterion.Should().Be("self_contained");
    }

    [Fact]
    public async Task Evaluate_InvalidWithFailPolicy_Failed()
    {
        var result = await Evaluate(Panel(new JudgePanelOptions { OnInvalid = InvalidJudgementPolicy.Fail }, ("answerable", null)));

        result.Decision.Outcome.Should().Be(PanelOutcome.Failed);
        result.Decision.Accepted.Should().BeFalse();
        result.Decision.Invalid.Should().BeTrue();
    }

    [Fact]
    public async Task Evaluate_RubricJudgesWithScriptedModel_RetriesThenInvalidRejected()
    {
        // answerable replies well; faithful never gives a usable reply within two attempts.
        var client = new ScriptedChatClient(call => ScriptedChatClient.Text(
            call.Messages[0].Text.Contains("faithfulness", StringComparison.Ordinal) ? "no idea" : """{"rationale": "stated", "score": 5}"""));
        var options = new RubricJudgeOptions { JudgeName = "judge", MaxAttempts = 2 };
        var panel = new JudgePanel(
            [new RubricJudge(client, RubricCriterion.Load("answerable"), options), new RubricJudge(client, RubricCriterion.Load("faithful"), options)],
            new JudgePanelOptions { MinScore = 4 });

        var result = await panel.EvaluateAsync(TestSamples.Qa());

        client.Calls.Should().HaveCount(3, "one call for answerable, two attempts for faithful");
        result.Judgements.Select(j => (j.Criterion, j.Score)).Should().Equal(("answerable", 5.0), ("faithful", (double?)null));
        result.Decision.Invalid.Should().BeTrue();
        result.Decision.Criterion.Should().Be("faithful");
        result.Decision.Reason.Should().Contain("no JSON object").And.Contain("after 2 attempts");
    }

    [Fact]
    public void Decision_Serialized_SnakeCaseWithLowercaseEnums()
    {
        var decision = new JudgePanel([new FixedJudge("m", "answerable", 2)], new JudgePanelOptions()).Decide([new FixedJudge("m", "answerable", 2).Judgement]);

        var json = JsonSerializer.Serialize(decision, JsonDefaults.Options);

        json.Should().Be("""{"accepted":false,"outcome":"rejected","aggregate":"all","criterion":"answerable","invalid":false,"reason":"answerable scored 2, below its threshold 4","score":2}""");
    }

    [Fact]
    public void Constructor_ThresholdForUnknownCriterion_ThrowsNamingKey()
    {
        var act = () => Panel(new JudgePanelOptions { Thresholds = new Dictionary<string, double> { ["answerabel"] = 3 } }, ("answerable", 5));

        act.Should().Throw<OptionsValidationException>().Where(e => e.Key == "thresholds" && e.Message.Contains("answerabel", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PanelAggregation.All, "weights")]
    [InlineData(PanelAggregation.Majority, "weights")]
    public void Constructor_WeightsWithoutWeighted_Throws(PanelAggregation aggregate, string key)
    {
        var act = () => Panel(new JudgePanelOptions { Aggregate = aggregate, Weights = new Dictionary<string, double> { ["answerable"] = 2 } }, ("answerable", 5));

        act.Should().Throw<OptionsValidationException>().Which.Key.Should().Be(key);
    }

    [Fact]
    public void Constructor_ThresholdsWithMean_Throws()
    {
        var act = () => Panel(new JudgePanelOptions { Aggregate = PanelAggregation.Mean, Thresholds = new Dictionary<string, double> { ["answerable"] = 2 } }, ("answerable", 5));

        act.Should().Throw<OptionsValidationException>().Which.Key.Should().Be("thresholds");
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Constructor_BadWeight_Throws(double weight)
    {
        var act = () => Panel(new JudgePanelOptions { Aggregate = PanelAggregation.Weighted, Weights = new Dictionary<string, double> { ["answerable"] = weight } }, ("answerable", 5));

        act.Should().Throw<OptionsValidationException>().Which.Key.Should().Be("weights");
    }

    [Fact]
    public void Constructor_WeightsSumToZero_Throws()
    {
        var act = () => Panel(new JudgePanelOptions { Aggregate = PanelAggregation.Weighted, Weights = new Dictionary<string, double> { ["answerable"] = 0 } }, ("answerable", 5));

        act.Should().Throw<OptionsValidationException>().WithMessage("*sum to 0*");
    }

    [Fact]
    public void Constructor_NoJudges_Throws()
    {
        var act = () => new JudgePanel([], new JudgePanelOptions());

        act.Should().Throw<OptionsValidationException>().Which.Key.Should().Be("judge");
    }

    [Fact]
    public async Task Constructor_OptionsChangedAfterwards_PanelUnaffected()
    {
        var options = new JudgePanelOptions { MinScore = 4 };
        var panel = Panel(options, ("answerable", 3));

        options.MinScore = 2;
        var result = await Evaluate(panel);

        result.Decision.Accepted.Should().BeFalse();
    }

    [Theory]
    [InlineData("all", PanelAggregation.All)]
    [InlineData("mean", PanelAggregation.Mean)]
    [InlineData("weighted", PanelAggregation.Weighted)]
    [InlineData("majority", PanelAggregation.Majority)]
    public void ParseAggregate_YamlNames_Parsed(string text, PanelAggregation expected)
    {
        JudgePanelOptions.ParseAggregate(text).Should().Be(expected);
    }

    [Fact]
    public void ParseAggregate_Unknown_ThrowsListingNames()
    {
        var act = () => JudgePanelOptions.ParseAggregate("median");

        act.Should().Throw<OptionsValidationException>().Where(e => e.Key == "aggregate" && e.Message.Contains("all, mean, weighted, majority", StringComparison.Ordinal));
    }

    [Fact]
    public void ParseOnInvalid_Names_Parsed()
    {
        JudgePanelOptions.ParseOnInvalid("reject").Should().Be(InvalidJudgementPolicy.Reject);
        JudgePanelOptions.ParseOnInvalid("fail").Should().Be(InvalidJudgementPolicy.Fail);
        FluentActions.Invoking(() => JudgePanelOptions.ParseOnInvalid("skip")).Should().Throw<OptionsValidationException>().Which.Key.Should().Be("on_invalid");
    }

    [Fact]
    public async Task Create_TwoCriteriaTwoModels_CriterionMajorJudgesNamedByModel()
    {
        var small = new ScriptedChatClient(_ => ScriptedChatClient.Text("""{"rationale": "s", "score": 4}"""));
        var large = new ScriptedChatClient(_ => ScriptedChatClient.Text("""{"rationale": "l", "score": 5}"""));

        var panel = JudgePanel.Create(
            ["answerable", "self_contained"],
            [new("small", (Microsoft.Extensions.AI.IChatClient)small), new("large", large)],
            new RubricJudgeOptions { Seed = 7, TopLogprobs = 0 },
            new JudgePanelOptions { Aggregate = PanelAggregation.Mean, MinScore = 4.5 });
        var result = await panel.EvaluateAsync(TestSamples.Qa());

        result.Judgements.Select(j => $"{j.Judge}/{j.Criterion}={j.Score}").Should().Equal(
            "small/answerable=4", "large/answerable=5", "small/self_contained=4", "large/self_contained=5");
        result.Decision.Accepted.Should().BeTrue("each criterion averages 4.5");
        small.Calls.Should().OnlyContain(c => c.Options!.Seed == 7);
    }

    [Fact]
    public void Create_UnknownCriterion_ThrowsPromptException()
    {
        var act = () => JudgePanel.Create(["answerable", "helpfulness"], [new("m", (Microsoft.Extensions.AI.IChatClient)new ScriptedChatClient())]);

        act.Should().Throw<MidTrain.Core.Prompts.PromptException>().WithMessage("*helpfulness*");
    }

    [Fact]
    public void Create_DuplicateCriterion_ThrowsNamingJudgeKey()
    {
        var act = () => JudgePanel.Create(["answerable", "answerable"], [new("m", (Microsoft.Extensions.AI.IChatClient)new ScriptedChatClient())]);

        act.Should().Throw<OptionsValidationException>().Which.Key.Should().Be("judge");
    }
}
