using Microsoft.Extensions.AI;
using MidTrain.Core.Models;
using MidTrain.Judges.Graded;
using MidTrain.Judges.Rubric;
using MidTrain.Judges.Tests.Fakes;

namespace MidTrain.Judges.Tests.Graded;

public sealed class ScoreDistributionTests
{
    [Fact]
    public void FromMass_WorkedExample_ExpectedAndEntropy()
    {
        // p = (0.1, 0.2, 0.3, 0.4, 0) over 1..5: E = 0.1 + 0.4 + 0.9 + 1.6 = 3.0;
        // H = -(0.1 ln 0.1 + 0.2 ln 0.2 + 0.3 ln 0.3 + 0.4 ln 0.4) = 1.2798542258 nats.
        var distribution = ScoreDistribution.FromMass(new Dictionary<int, double> { [1] = 1, [2] = 2, [3] = 3, [4] = 4 }, 1, 5)!;

        distribution.Probabilities.Keys.Should().Equal("1", "2", "3", "4", "5");
        distribution.Probabilities.Values.Should().Equal(new[] { 0.1, 0.2, 0.3, 0.4, 0.0 }, (a, b) => Math.Abs(a - b) < 1e-12);
        distribution.Expected.Should().BeApproximately(3.0, 1e-12);
        distribution.Entropy.Should().BeApproximately(1.2798542258, 1e-9);
    }

    [Fact]
    public void FromMass_Uniform_EntropyIsLnOfScaleSize()
    {
        var distribution = ScoreDistribution.FromMass(Enumerable.Range(1, 5).ToDictionary(s => s, _ => 0.7), 1, 5)!;

        distribution.Expected.Should().BeApproximately(3.0, 1e-12);
        distribution.Entropy.Should().BeApproximately(Math.Log(5), 1e-12);
    }

    [Fact]
    public void FromMass_Certain_EntropyZero()
    {
        var distribution = ScoreDistribution.FromMass(new Dictionary<int, double> { [4] = 0.3 }, 1, 5)!;

        distribution.Probabilities["4"].Should().Be(1.0);
        distribution.Expected.Should().Be(4.0);
        distribution.Entropy.Should().Be(0.0);
    }

    [Fact]
    public void FromMass_NoMassOnScale_Null()
    {
        ScoreDistribution.FromMass(new Dictionary<int, double> { [7] = 1 }, 1, 5).Should().BeNull();
    }

    [Fact]
    public void FromMass_RandomMasses_MatchesReferenceFormulas()
    {
        var random = new Random(1234);
        for (var trial = 0; trial < 200; trial++)
        {
            var mass = Enumerable.Range(1, 5).Where(_ => random.NextDouble() < 0.8).ToDictionary(s => s, _ => random.NextDouble());
            if (mass.Count == 0)
            {
                continue;
            }

            var distribution = ScoreDistribution.FromMass(mass, 1, 5)!;

            // Reference: explicit renormalisation, Σ p·s and −Σ p ln p.
            var total = mass.Values.Sum();
            var expected = mass.Sum(kv => kv.Value / total * kv.Key);
            var entropy = -mass.Values.Where(v => v > 0).Sum(v => v / total * Math.Log(v / total));
            distribution.Probabilities.Values.Sum().Should().BeApproximately(1.0, 1e-12);
            distribution.Expected.Should().BeApproximately(expected, 1e-12);
            distribution.Entropy.Should().BeApproximately(entropy, 1e-12);
        }
    }

    [Fact]
    public async Task RubricJudge_CraftedLogprobs_RecordsRenormalisedDistribution()
    {
        // Reply tokens: {"rationale": "ok", "score": 4} with alternatives at the score position:
        // "4" 0.6, "3" 0.2, "5" 0.1, "four" 0.05 (not a score token, dropped), then renormalised over 0.9.
        string[] tokens = ["{\"", "rationale", "\":", " \"", "ok", "\",", " \"", "score", "\":", " ", "4", "}"];
        var client = new ScriptedChatClient(_ => WithLogprobs(tokens, "4",
            [("4", 0.6), ("3", 0.2), ("5", 0.1), ("four", 0.05)]));
        var judge = new RubricJudge(client, RubricCriterion.Load("answerable"), new RubricJudgeOptions { TopLogprobs = 5 });

        var judgement = await judge.JudgeOneAsync(TestSamples.Qa());

        judgement.Score.Should().Be(4);
        judgement.Distribution.Should().NotBeNull();
        judgement.Distribution!["1"].Should().Be(0);
        judgement.Distribution["2"].Should().Be(0);
        judgement.Distribution["3"].Should().BeApproximately(0.2 / 0.9, 1e-9);
        judgement.Distribution["4"].Should().BeApproximately(0.6 / 0.9, 1e-9);
        judgement.Distribution["5"].Should().BeApproximately(0.1 / 0.9, 1e-9);
        judgement.ExpectedScore.Should().BeApproximately(3.5 / 0.9, 1e-9);
        var p = new[] { 0.2 / 0.9, 0.6 / 0.9, 0.1 / 0.9 };
        judgement.Entropy.Should().BeApproximately(-p.Sum(x => x * Math.Log(x)), 1e-9);
    }

    [Fact]
    public async Task RubricJudge_ScoreTokenWithSpaceAndComma_MatchesEquivalentAlternatives()
    {
        // The score digit shares its token with a space before it and a comma after it; alternatives spelled with or
        // without the space count for the same score, and "45" (another number) or "4a" do not.
        string[] tokens = ["{\"score\":", " 2,", " \"rationale\": \"weak\"}"];
        var client = new ScriptedChatClient(_ => WithLogprobs(tokens, " 2,",
            [(" 2,", 0.5), (" 1", 0.2), ("1", 0.1), (" 3,", 0.1), ("45", 0.05), ("4a", 0.05)]));
        var judge = new RubricJudge(client, RubricCriterion.Load("answerable"));

        var judgement = await judge.JudgeOneAsync(TestSamples.Qa());

        judgement.Score.Should().Be(2);
        judgement.Distribution!["1"].Should().BeApproximately(0.3 / 0.9, 1e-9);
        judgement.Distribution["2"].Should().BeApproximately(0.5 / 0.9, 1e-9);
        judgement.Distribution["3"].Should().BeApproximately(0.1 / 0.9, 1e-9);
        judgement.Distribution["4"].Should().Be(0);
        judgement.ExpectedScore.Should().BeApproximately((0.3 + 1.0 + 0.3) / 0.9, 1e-9);
    }

    [Fact]
    public async Task RubricJudge_ScoreAfterRetry_UsesLogprobsOfAcceptedReply()
    {
        string[] tokens = ["{\"rationale\":\"x\",\"score\":", "5", "}"];
        var replies = new Queue<ChatResponse>([
            WithLogprobs(["{\"rationale\":\"x\",\"score\":", "9", "}"], "9", [("9", 0.9), ("5", 0.1)]),
            WithLogprobs(tokens, "5", [("5", 0.75), ("4", 0.25)]),
        ]);
        var judge = new RubricJudge(new ScriptedChatClient(_ => replies.Dequeue()), RubricCriterion.Load("answerable"));

        var judgement = await judge.JudgeOneAsync(TestSamples.Qa());

        judgement.Score.Should().Be(5);
        judgement.Distribution!["5"].Should().BeApproximately(0.75, 1e-9);
        judgement.ExpectedScore.Should().BeApproximately(4.75, 1e-9);
    }

    [Fact]
    public async Task RubricJudge_JudgeReasonedFirst_DistributionReadAtTheScoreAfterTheTrace()
    {
        // The judge drafted the very same reply inside its trace (score 4 at 0.5 there) before answering (4 at 0.9).
        // The model layer returns the trace apart from the answer, but the log-probabilities cover every generated token.
        const string answer = "{\"rationale\":\"ok\",\"score\":4}";
        var trace = new[] { new TokenLogprob("<think>", 0, []), new TokenLogprob("draft " + answer[..^2], 0, []), new TokenLogprob("4", Math.Log(0.5), [new TokenLogprob("4", Math.Log(0.5)), new TokenLogprob("2", Math.Log(0.5))]), new TokenLogprob("}", 0, []), new TokenLogprob("</think>\n", 0, []) };
        var reply = new[] { new TokenLogprob(answer[..^2], 0, []), new TokenLogprob("4", Math.Log(0.9), [new TokenLogprob("4", Math.Log(0.9)), new TokenLogprob("5", Math.Log(0.1))]), new TokenLogprob("}", 0, []) };
        var response = ScriptedChatClient.Reasoned("draft " + answer, answer);
        ChatLogprobs.Attach(response, [.. trace, .. reply]);
        var judge = new RubricJudge(new ScriptedChatClient(_ => response), RubricCriterion.Load("answerable"));

        var judgement = await judge.JudgeOneAsync(TestSamples.Qa());

        judgement.Score.Should().Be(4);
        judgement.Distribution!["4"].Should().BeApproximately(0.9, 1e-9);
        judgement.Distribution["5"].Should().BeApproximately(0.1, 1e-9);
        judgement.Distribution["2"].Should().Be(0);
        judgement.RawOutput.Should().Be(answer);
    }

    [Fact]
    public async Task RubricJudge_InlineTraceWithBracesInTheText_ScoreLocatedAfterTheTrace()
    {
        // A client without the model layer: the reply text itself starts with the trace, which holds a JSON-like draft.
        string[] tokens = ["<think>", "maybe {\"score\": ", "2", "}?", "</think>", "\n\n", "{\"rationale\":\"ok\",\"score\":", "3", "}"];
        var logprobs = tokens.Select(t => t switch
        {
            "2" => new TokenLogprob("2", Math.Log(0.6), [new TokenLogprob("2", Math.Log(0.6)), new TokenLogprob("1", Math.Log(0.4))]),
            "3" => new TokenLogprob("3", Math.Log(0.7), [new TokenLogprob("3", Math.Log(0.7)), new TokenLogprob("4", Math.Log(0.3))]),
            _ => new TokenLogprob(t, 0, []),
        }).ToArray();
        var response = ScriptedChatClient.Text(string.Concat(tokens));
        ChatLogprobs.Attach(response, logprobs);
        var judge = new RubricJudge(new ScriptedChatClient(_ => response), RubricCriterion.Load("answerable"));

        var judgement = await judge.JudgeOneAsync(TestSamples.Qa());

        judgement.Score.Should().Be(3);
        judgement.Distribution!["3"].Should().BeApproximately(0.7, 1e-9);
        judgement.Distribution["4"].Should().BeApproximately(0.3, 1e-9);
    }

    [Fact]
    public async Task RubricJudge_TokensDoNotSpellReply_ValidWithoutDistribution()
    {
        var response = WithLogprobs(["something", " else"], " else", [(" else", 1.0)]);
        response.Messages[0].Contents = [new TextContent("""{"rationale": "ok", "score": 3}""")];
        var judge = new RubricJudge(new ScriptedChatClient(_ => response), RubricCriterion.Load("answerable"));

        var judgement = await judge.JudgeOneAsync(TestSamples.Qa());

        judgement.Score.Should().Be(3);
        judgement.Distribution.Should().BeNull();
        judgement.ExpectedScore.Should().BeNull();
    }

    [Fact]
    public async Task RubricJudge_DuplicateScoreKey_DistributionReadAtTheScoreThatCounts()
    {
        // JSON readers keep the last duplicate key; the distribution must come from that digit's position, not the first.
        string[] tokens = ["{\"score\":", "2", ",\"rationale\":\"x\",\"score\":", "4", "}"];
        var logprobs = new[]
        {
            new TokenLogprob(tokens[0], 0, []),
            new TokenLogprob("2", Math.Log(0.5), [new TokenLogprob("2", Math.Log(0.5)), new TokenLogprob("1", Math.Log(0.5))]),
            new TokenLogprob(tokens[2], 0, []),
            new TokenLogprob("4", Math.Log(0.8), [new TokenLogprob("4", Math.Log(0.8)), new TokenLogprob("5", Math.Log(0.2))]),
            new TokenLogprob("}", 0, []),
        };
        var response = ScriptedChatClient.Text(string.Concat(tokens));
        ChatLogprobs.Attach(response, logprobs);
        var judge = new RubricJudge(new ScriptedChatClient(_ => response), RubricCriterion.Load("answerable"));

        var judgement = await judge.JudgeOneAsync(TestSamples.Qa());

        judgement.Score.Should().Be(4);
        judgement.ExpectedScore.Should().BeApproximately(4.2, 1e-9);
    }

    [Fact]
    public void FromLogprobs_TwoDigitScale_Null()
    {
        var tokens = new[] { new TokenLogprob("{\"score\":", 0, []), new TokenLogprob("7", 0, [new TokenLogprob("7", 0)]), new TokenLogprob("}", 0, []) };

        ScoreDistribution.FromLogprobs(tokens, "{\"score\":7}", 9, 1, 10).Should().BeNull("a 1-10 scale has a two-digit score");
        ScoreDistribution.FromLogprobs(tokens, "{\"score\":7}", 9, 1, 9)!.Probabilities["7"].Should().Be(1);
    }

    [Fact]
    public void FromLogprobs_LeadingWhitespaceTrimmedByBackend_StillAligned()
    {
        var tokens = new[] { new TokenLogprob("\n", 0, []), new TokenLogprob("{\"score\":", 0, []), new TokenLogprob("2", Math.Log(0.5), [new TokenLogprob("2", Math.Log(0.5)), new TokenLogprob("3", Math.Log(0.5))]), new TokenLogprob("}", 0, []) };

        var distribution = ScoreDistribution.FromLogprobs(tokens, "{\"score\":2}", 9, 1, 5)!;

        distribution.Expected.Should().BeApproximately(2.5, 1e-12);
    }

    [Fact]
    public void FromLogprobs_ByteTokensDecodedLossilyBeforeTheScore_AlignedFromTheEnd()
    {
        // "é" split over two byte tokens: each decodes to U+FFFD alone, the whole reply decodes to "é".
        var tokens = new[]
        {
            new TokenLogprob("{\"rationale\":\"caf", 0, []), new TokenLogprob("\uFFFD", 0, []), new TokenLogprob("\uFFFD", 0, []),
            new TokenLogprob("\",\"score\":", 0, []), new TokenLogprob("4", Math.Log(0.75), [new TokenLogprob("4", Math.Log(0.75)), new TokenLogprob("5", Math.Log(0.25))]), new TokenLogprob("}", 0, []),
        };
        const string text = "{\"rationale\":\"café\",\"score\":4}";

        var distribution = ScoreDistribution.FromLogprobs(tokens, text, text.IndexOf('4', StringComparison.Ordinal), 1, 5)!;

        distribution.Expected.Should().BeApproximately(4.25, 1e-12);
    }

    private static ChatResponse WithLogprobs(string[] tokens, string scoreToken, (string Token, double P)[] alternatives)
    {
        var logprobs = tokens.Select(t => t == scoreToken
                ? new TokenLogprob(t, Math.Log(alternatives.First(a => a.Token == t).P), alternatives.Select(a => new TokenLogprob(a.Token, Math.Log(a.P))).ToArray())
                : new TokenLogprob(t, -0.01, [new TokenLogprob(t, -0.01)]))
            .ToArray();
        var response = ScriptedChatClient.Text(string.Concat(tokens));
        ChatLogprobs.Attach(response, logprobs);
        return response;
    }
}
