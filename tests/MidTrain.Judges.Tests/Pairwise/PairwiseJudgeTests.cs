using MidTrain.Core.Configuration;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Core.Jsonl;
using MidTrain.Judges.Pairwise;
using MidTrain.Judges.Tests.Fakes;

namespace MidTrain.Judges.Tests.Pairwise;

public sealed class PairwiseJudgeTests
{
    private static readonly PairwiseItem[] Pairs = Enumerable.Range(0, 6)
        .Select(i => i % 2 == 0
            ? new PairwiseItem($"p{i}", $"Question {i}?", $"correct answer {i}", $"wrong answer {i}")
            : new PairwiseItem($"p{i}", $"Question {i}?", $"wrong answer {i}", $"correct answer {i}"))
        .ToArray();

    [Fact]
    public async Task CompareAllAsync_JudgeAlwaysPicksFirst_FlipRateOneAndAllTies()
    {
        var client = new ScriptedChatClient(_ => ScriptedChatClient.Text("""{"rationale": "The first one.", "winner": "A"}"""));

        var report = await new PairwiseJudge(client, new PairwiseJudgeOptions { JudgeName = "biased" }).CompareAllAsync(Pairs);

        client.Calls.Should().HaveCount(2 * Pairs.Length, "every pair is judged in both orders");
        report.Pairs.Should().Be(6);
        report.Valid.Should().Be(6);
        report.FlipRate.Should().Be(1.0);
        report.FirstPositionPreference.Should().Be(1.0);
        report.Ties.Should().Be(6);
        report.Inconsistent.Should().Be(6);
        report.WinsA.Should().Be(0);
        report.WinsB.Should().Be(0);
        report.Judgements.Should().OnlyContain(j => j.Winner == PairwiseWinner.Tie && j.Flipped && j.Judge == "biased");
    }

    [Fact]
    public async Task CompareAllAsync_ContentBasedJudge_NoFlipsAndCorrectWinners()
    {
        // Picks whichever shown answer is the correct one, wherever it is.
        var client = new ScriptedChatClient(call =>
        {
            var user = call.Messages.Last(m => m.Role == ChatRole.User).Text;
            var a = user.IndexOf("Answer A:", StringComparison.Ordinal);
            var b = user.IndexOf("Answer B:", StringComparison.Ordinal);
            var correctInA = user.IndexOf("correct", a, b - a, StringComparison.Ordinal) >= 0;
            return ScriptedChatClient.Text($$"""{"rationale": "accurate", "winner": "{{(correctInA ? "A" : "B")}}"}""");
        });

        var report = await new PairwiseJudge(client).CompareAllAsync(Pairs);

        report.FlipRate.Should().Be(0);
        report.Inconsistent.Should().Be(0);
        report.FirstPositionPreference.Should().Be(0.5);
        report.WinsA.Should().Be(3);
        report.WinsB.Should().Be(3);
        report.Judgements.Select(j => j.Winner).Should().Equal(
            PairwiseWinner.A, PairwiseWinner.B, PairwiseWinner.A, PairwiseWinner.B, PairwiseWinner.A, PairwiseWinner.B);
    }

    [Fact]
    public async Task CompareAsync_SecondTrial_ShowsAnswersSwapped()
    {
        var client = new ScriptedChatClient("""{"rationale": "x", "winner": "tie"}""", """{"rationale": "y", "winner": "tie"}""");

        var judgement = await new PairwiseJudge(client).CompareAsync(new PairwiseItem("p", "Q?", "FIRST-TEXT", "SECOND-TEXT", "PASSAGE-TEXT"));

        var original = client.Calls[0].LastUserText;
        var swapped = client.Calls[1].LastUserText;
        original.IndexOf("FIRST-TEXT", StringComparison.Ordinal).Should().BeLessThan(original.IndexOf("SECOND-TEXT", StringComparison.Ordinal));
        swapped.IndexOf("SECOND-TEXT", StringComparison.Ordinal).Should().BeLessThan(swapped.IndexOf("FIRST-TEXT", StringComparison.Ordinal));
        original.Should().Contain("PASSAGE-TEXT");
        judgement.OriginalOrder.Swapped.Should().BeFalse();
        judgement.SwappedOrder.Swapped.Should().BeTrue();
        judgement.Winner.Should().Be(PairwiseWinner.Tie);
        judgement.Flipped.Should().BeFalse();
        client.Calls[0].Options!.Temperature.Should().Be(0f);
    }

    [Theory]
    [InlineData(PairwiseWinner.A, PairwiseWinner.A, PairwiseWinner.A, false, false)]
    [InlineData(PairwiseWinner.B, PairwiseWinner.B, PairwiseWinner.B, false, false)]
    [InlineData(PairwiseWinner.A, PairwiseWinner.Tie, PairwiseWinner.A, true, false)]
    [InlineData(PairwiseWinner.Tie, PairwiseWinner.B, PairwiseWinner.B, true, false)]
    [InlineData(PairwiseWinner.A, PairwiseWinner.B, PairwiseWinner.Tie, true, true)]
    [InlineData(PairwiseWinner.B, PairwiseWinner.A, PairwiseWinner.Tie, true, true)]
    [InlineData(PairwiseWinner.Tie, PairwiseWinner.Tie, PairwiseWinner.Tie, false, false)]
    public void Winner_TwoOrders_CombinedAsJudgeBench(PairwiseWinner original, PairwiseWinner swapped, PairwiseWinner expected, bool flipped, bool inconsistent)
    {
        var judgement = new PairwiseJudgement
        {
            Id = "p",
            Judge = "m",
            OriginalOrder = new PairwiseTrial { Swapped = false, Position = original, Winner = original },
            SwappedOrder = new PairwiseTrial { Swapped = true, Position = Flip(swapped), Winner = swapped },
        };

        judgement.Winner.Should().Be(expected);
        judgement.Flipped.Should().Be(flipped);
        judgement.Inconsistent.Should().Be(inconsistent);
    }

    [Fact]
    public async Task CompareAsync_UnusableReplies_InvalidPairNotTie()
    {
        var client = new ScriptedChatClient(_ => ScriptedChatClient.Text("""{"rationale": "both good", "winner": "both"}"""));

        var report = await new PairwiseJudge(client, new PairwiseJudgeOptions { MaxAttempts = 2 }).CompareAllAsync([Pairs[0]]);

        client.Calls.Should().HaveCount(4, "two attempts per order");
        client.Calls[1].LastUserText.Should().Contain("\"winner\" must be \"A\", \"B\" or \"tie\"");
        var judgement = report.Judgements.Single();
        judgement.IsValid.Should().BeFalse();
        judgement.Winner.Should().BeNull();
        judgement.OriginalOrder.Rationale.Should().Contain("after 2 attempts");
        judgement.OriginalOrder.RawOutput.Should().Contain("both");
        report.Invalid.Should().Be(1);
        report.Ties.Should().Be(0);
        report.FlipRate.Should().BeNull();
        report.FirstPositionPreference.Should().BeNull();
    }

    [Fact]
    public async Task CompareAsync_LowercaseWinner_Accepted()
    {
        var client = new ScriptedChatClient("""{"rationale": "x", "winner": "b"}""", """{"rationale": "y", "winner": "a"}""");

        var judgement = await new PairwiseJudge(client).CompareAsync(Pairs[1]);

        judgement.Winner.Should().Be(PairwiseWinner.B);
        judgement.Flipped.Should().BeFalse();
    }

    [Fact]
    public async Task Report_Serialized_HasRatesAndLowercaseTie()
    {
        var client = new ScriptedChatClient(_ => ScriptedChatClient.Text("""{"rationale": "first", "winner": "A"}"""));
        var report = await new PairwiseJudge(client).CompareAllAsync([Pairs[0]]);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, JsonDefaults.Options));

        json.RootElement.GetProperty("flip_rate").GetDouble().Should().Be(1.0);
        json.RootElement.GetProperty("first_position_preference").GetDouble().Should().Be(1.0);
        var pair = json.RootElement.GetProperty("judgements")[0];
        pair.GetProperty("winner").GetString().Should().Be("tie");
        pair.GetProperty("swapped_order").GetProperty("position").GetString().Should().Be("A");
        pair.GetProperty("swapped_order").GetProperty("winner").GetString().Should().Be("B");
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var act = () => new PairwiseJudge(new ScriptedChatClient(), new PairwiseJudgeOptions { MaxAttempts = 0 });

        act.Should().Throw<OptionsValidationException>().Which.Key.Should().Be("max_attempts");
    }

    private static PairwiseWinner Flip(PairwiseWinner w) => w switch
    {
        PairwiseWinner.A => PairwiseWinner.B,
        PairwiseWinner.B => PairwiseWinner.A,
        _ => PairwiseWinner.Tie,
    };
}
