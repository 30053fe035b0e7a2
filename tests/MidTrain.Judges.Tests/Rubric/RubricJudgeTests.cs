using MidTrain.Core.Configuration;
using System.Net.Http;
using Microsoft.Extensions.AI;
using MidTrain.Core.Models;
using MidTrain.Judges.Rubric;
using MidTrain.Judges.Tests.Fakes;

namespace MidTrain.Judges.Tests.Rubric;

public sealed class RubricJudgeTests
{
    private static RubricJudge Judge(ScriptedChatClient client, string criterion = "faithful", int maxAttempts = 3, int topLogprobs = 5) =>
        new(client, RubricCriterion.Load(criterion), new RubricJudgeOptions { JudgeName = "qwen", Seed = 42, MaxAttempts = maxAttempts, TopLogprobs = topLogprobs });

    [Fact]
    public async Task JudgeOneAsync_ValidReply_ReturnsScoreRationaleAndRaw()
    {
        const string reply = """{"rationale": "Stated in the passage.", "score": 5}""";
        var client = new ScriptedChatClient(reply);

        var judgement = await Judge(client).JudgeOneAsync(TestSamples.Qa());

        judgement.IsValid.Should().BeTrue();
        judgement.Score.Should().Be(5);
        judgement.Judge.Should().Be("qwen");
        judgement.Criterion.Should().Be("faithful");
        judgement.Rationale.Should().Be("Stated in the passage.");
        judgement.RawOutput.Should().Be(reply);
        judgement.Distribution.Should().BeNull("the backend returned no log-probabilities");
        client.Calls.Should().HaveCount(1);
    }

    [Fact]
    public async Task JudgeOneAsync_Sample_FillsQuestionAnswerPassageIntoPrompt()
    {
        var client = new ScriptedChatClient("""{"rationale": "ok", "score": 4}""");

        await Judge(client).JudgeOneAsync(TestSamples.Qa(question: "Q-TEXT?", answer: "A-TEXT.", passage: "P-TEXT."));

        var user = client.Calls[0].LastUserText;
        user.Should().Contain("Q-TEXT?").And.Contain("A-TEXT.").And.Contain("P-TEXT.");
        user.IndexOf("P-TEXT.", StringComparison.Ordinal).Should().BeLessThan(user.IndexOf("Q-TEXT?", StringComparison.Ordinal));
        client.Calls[0].Messages[0].Role.Should().Be(ChatRole.System);
    }

    [Fact]
    public async Task JudgeOneAsync_LanguageMatch_ReadsLanguageAttribute()
    {
        var client = new ScriptedChatClient("""{"rationale": "French.", "score": 5}""");

        var judgement = await Judge(client, "language_match").JudgeOneAsync(TestSamples.Qa(language: "fr"));

        judgement.Score.Should().Be(5);
        client.Calls[0].LastUserText.Should().Contain("Requested language (ISO 639-1 code): fr");
    }

    [Fact]
    public async Task JudgeOneAsync_Request_HasFixedTemperatureSeedSchemaAndLogprobs()
    {
        var client = new ScriptedChatClient("""{"rationale": "ok", "score": 4}""");

        await Judge(client, topLogprobs: 7).JudgeOneAsync(TestSamples.Qa());

        var options = client.Calls[0].Options!;
        options.Temperature.Should().Be(0f);
        options.Seed.Should().Be(42);
        ChatLogprobs.Requested(options).Should().Be(7);
        var format = options.ResponseFormat.Should().BeOfType<ChatResponseFormatJson>().Subject;
        format.Schema.Should().NotBeNull();
        format.Schema!.Value.GetProperty("properties").GetProperty("score").GetProperty("maximum").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task JudgeOneAsync_ConfiguredTemperature_OverridesPrompt()
    {
        var client = new ScriptedChatClient("""{"rationale": "ok", "score": 4}""");
        var judge = new RubricJudge(client, RubricCriterion.Load("answerable"), new RubricJudgeOptions { Temperature = 0.3, TopLogprobs = 0 });

        await judge.JudgeOneAsync(TestSamples.Qa());

        client.Calls[0].Options!.Temperature.Should().Be(0.3f);
        ChatLogprobs.Requested(client.Calls[0].Options).Should().Be(0, "top_logprobs 0 asks for none");
    }

    [Fact]
    public async Task JudgeOneAsync_UnparseableThenValid_RetriesWithCorrectionInConversation()
    {
        var client = new ScriptedChatClient("I think it deserves a four.", """{"rationale": "Supported.", "score": 4}""");

        var judgement = await Judge(client).JudgeOneAsync(TestSamples.Qa());

        judgement.IsValid.Should().BeTrue();
        judgement.Score.Should().Be(4);
        client.Calls.Should().HaveCount(2);
        var first = client.Calls[0].Messages;
        var second = client.Calls[1].Messages;
        second.Should().HaveCount(first.Count + 2);
        second.Take(first.Count).Select(m => m.Text).Should().Equal(first.Select(m => m.Text));
        second[^2].Role.Should().Be(ChatRole.Assistant);
        second[^2].Text.Should().Be("I think it deserves a four.");
        second[^1].Role.Should().Be(ChatRole.User);
        second[^1].Text.Should().Contain("could not be used").And.Contain("no JSON object").And.Contain("integer from 1 to 5");
    }

    [Fact]
    public async Task JudgeOneAsync_OutOfRangeEveryTime_InvalidAfterMaxAttemptsNotLowScore()
    {
        var client = new ScriptedChatClient(
            """{"rationale": "a", "score": 7}""", """{"rationale": "b", "score": 0}""", """{"rationale": "c", "score": 9}""");

        var judgement = await Judge(client, maxAttempts: 3).JudgeOneAsync(TestSamples.Qa());

        judgement.IsValid.Should().BeFalse();
        judgement.Score.Should().BeNull("an unusable reply is never a low score");
        judgement.RawOutput.Should().Be("""{"rationale": "c", "score": 9}""");
        judgement.Rationale.Should().Contain("9 is outside 1 to 5").And.Contain("after 3 attempts");
        client.Calls.Should().HaveCount(3);
        client.Calls[2].Messages.Count(m => m.Role == ChatRole.Assistant).Should().Be(2, "each unusable reply and its correction stay in the conversation");
        client.Calls[1].LastUserText.Should().Contain("7 is outside 1 to 5");
    }

    [Theory]
    [InlineData("""{"rationale": "x"}""", "has no \"score\"")]
    [InlineData("""{"rationale": "x", "score": 3.5}""", "must be an integer")]
    [InlineData("""{"rationale": "x", "score": "high"}""", "must be an integer")]
    [InlineData("""{"rationale": "x", "score": 4""", "no JSON object")]
    [InlineData("""{"rationale": "x" "score": 4}""", "malformed")]
    public async Task JudgeOneAsync_BadReplyWithOneAttempt_InvalidWithProblem(string reply, string problem)
    {
        var client = new ScriptedChatClient(reply);

        var judgement = await Judge(client, maxAttempts: 1).JudgeOneAsync(TestSamples.Qa());

        judgement.IsValid.Should().BeFalse();
        judgement.Score.Should().BeNull();
        judgement.Rationale.Should().Contain(problem).And.Contain("after 1 attempt)");
        client.Calls.Should().HaveCount(1);
    }

    [Theory]
    [InlineData("```json\n{\"rationale\": \"ok\", \"score\": 3}\n```")]
    [InlineData("Here is my verdict: {\"rationale\": \"ok\", \"score\": \"3\"}")]
    [InlineData("{\"score\": 3.0, \"rationale\": \"ok\"}")]
    [InlineData("{\"rationale\": \"ok\", \"score\": 3}\n(on the scale {1, ..., 5})")]
    public async Task JudgeOneAsync_TolerableFormatting_Parsed(string reply)
    {
        var judgement = await Judge(new ScriptedChatClient(reply)).JudgeOneAsync(TestSamples.Qa());

        judgement.IsValid.Should().BeTrue();
        judgement.Score.Should().Be(3);
        judgement.Rationale.Should().Be("ok");
    }

    [Fact]
    public async Task JudgeOneAsync_MissingPassage_InvalidWithoutCallingModel()
    {
        var client = new ScriptedChatClient();

        var judgement = await Judge(client, "answerable").JudgeOneAsync(TestSamples.Qa(passage: null));

        judgement.IsValid.Should().BeFalse();
        judgement.Score.Should().BeNull();
        judgement.Rationale.Should().Contain("no passage text");
        client.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task JudgeOneAsync_MissingAnswerForQuestionOnlyCriterion_StillJudged()
    {
        var client = new ScriptedChatClient("""{"rationale": "clear", "score": 5}""");

        var judgement = await Judge(client, "self_contained").JudgeOneAsync(TestSamples.Qa(answer: null, passage: null, language: null));

        judgement.Score.Should().Be(5, "self_contained reads only the question");
    }

    [Fact]
    public async Task JudgeOneAsync_TransportError_Propagates()
    {
        var client = new ScriptedChatClient(_ => throw new HttpRequestException("connection refused"));

        var act = async () => await Judge(client).JudgeOneAsync(TestSamples.Qa());

        await act.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task JudgeOneAsync_Cancelled_Throws()
    {
        var client = new ScriptedChatClient("""{"rationale": "ok", "score": 4}""");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var act = async () => await Judge(client).JudgeOneAsync(TestSamples.Qa(), cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task JudgeAsync_Contract_OneJudgementForItsCriterion()
    {
        var judge = Judge(new ScriptedChatClient("""{"rationale": "ok", "score": 2}"""), "humpback_quality");

        var judgements = await judge.JudgeAsync(TestSamples.Qa());

        judge.Criteria.Should().Equal("humpback_quality");
        judgements.Should().ContainSingle().Which.Score.Should().Be(2);
    }

    [Theory]
    [InlineData(0, 5, "max_attempts")]
    [InlineData(11, 5, "max_attempts")]
    [InlineData(3, 21, "top_logprobs")]
    [InlineData(3, -1, "top_logprobs")]
    public void Constructor_InvalidOptions_ThrowsNamingKey(int maxAttempts, int topLogprobs, string key)
    {
        var act = () => new RubricJudge(new ScriptedChatClient(), RubricCriterion.Load("answerable"),
            new RubricJudgeOptions { MaxAttempts = maxAttempts, TopLogprobs = topLogprobs });

        act.Should().Throw<OptionsValidationException>().Which.Key.Should().Be(key);
    }
}
