using System.Text.Json;
using MidTrain.Core.Failures;
using MidTrain.Core.Prompts;
using MidTrain.Core.Records;
using MidTrain.Generators.Backtranslation;

namespace MidTrain.Generators.Tests.Backtranslation;

public sealed class BacktranslationGeneratorTests
{
    private static readonly Passage Passage = new("bell-rock", 0, "The Bell Rock Lighthouse was built between 1807 and 1810.", 0, 57)
    {
        Metadata = new Dictionary<string, JsonElement> { ["language"] = JsonSerializer.SerializeToElement("en") },
    };

    private static BacktranslationOptions Options(int perPassage = 3, AnswerMode answer = AnswerMode.Passage) => new()
    {
        Model = "teacher",
        PerPassage = perPassage,
        Answer = answer,
        Languages = new WeightedValues([("en", 2), ("fr", 1), ("same", 1)]),
        Personas = WeightedValues.Uniform(["a student", "a tour guide", "an engineer", "a child"]),
        QuestionTypes = WeightedValues.Uniform(["how", "why", "when", "compare"]),
        Difficulties = new WeightedValues([("easy", 1), ("hard", 3)]),
        Registers = WeightedValues.Uniform(["formal", "casual"]),
    };

    private static BacktranslationGenerator Create(ScriptedChatClient client, BacktranslationOptions? options = null) =>
        new(options ?? Options(), client, PromptLibrary.Load("backtranslation/question"), PromptLibrary.Load("backtranslation/answer"));

    private static async Task<List<Sample>> Generate(BacktranslationGenerator generator, long seed)
    {
        var samples = new List<Sample>();
        await foreach (var sample in generator.GenerateAsync(Passage, seed))
        {
            samples.Add(sample);
        }

        return samples;
    }

    [Fact]
    public async Task GenerateAsync_PerPassageThree_ThreeSamplesAnsweredByThePassageWithAxesRecorded()
    {
        var samples = await Generate(Create(FakeTeacher.Backtranslation()), seed: 7);

        samples.Should().HaveCount(3);
        samples.Should().OnlyContain(s => s.Messages.Count == 2 && s.Messages[1].Content == Passage.Text);
        samples.Should().OnlyContain(s => s.Attributes.ContainsKey("persona") && s.Attributes.ContainsKey("question_type")
            && s.Attributes.ContainsKey("difficulty") && s.Attributes.ContainsKey("register") && s.Attributes["answer_mode"] == "passage");
        samples.Should().OnlyContain(s => s.Attributes["language"] == "en" || s.Attributes["language"] == "fr", "'same' resolves to the passage language");
        samples.Select(s => s.Id).Should().OnlyHaveUniqueItems();
        var lineage = samples[0].Lineage.Single();
        lineage.PromptId.Should().Be("backtranslation_question");
        lineage.PromptSha256.Should().Be(PromptLibrary.Load("backtranslation/question").Sha256);
        lineage.ModelFingerprint.Should().Be("endpoint=test;model=fake");
        lineage.Seed.Should().NotBeNull();
        samples[0].Source.Should().Be(new SourceSpan("bell-rock", 0, 0, 57) { Text = Passage.Text });
    }

    [Fact]
    public async Task GenerateAsync_TeacherAnswerMode_AddsAGroundedAnswerAndItsLineage()
    {
        var samples = await Generate(Create(FakeTeacher.Backtranslation(), Options(1, AnswerMode.Teacher)), seed: 1);

        samples.Single().Messages[1].Content.Should().StartWith("Answer ");
        samples.Single().Lineage.Select(l => l.Stage).Should().Equal("generate:backtranslation:question", "generate:backtranslation:answer");
    }

    [Fact]
    public void Sampler_ThreeThousandDraws_ReproduceTheConfiguredDistribution()
    {
        var axes = Options().Axes();
        var sampler = new SteeringSampler(axes);
        var counts = axes.ToDictionary(a => a.Name, _ => new Dictionary<string, int>());
        for (var passage = 0; passage < 1000; passage++)
        {
            var seed = MidTrain.Core.Hashing.SeedDerivation.Derive(42, $"p{passage}");
            for (var k = 0; k < 3; k++)
            {
                foreach (var (axis, value) in sampler.Draw(seed, k))
                {
                    counts[axis][value] = counts[axis].GetValueOrDefault(value) + 1;
                }
            }
        }

        foreach (var axis in axes)
        {
            foreach (var (value, _) in axis.Values)
            {
                var observed = counts[axis.Name].GetValueOrDefault(value) / 3000.0;
                observed.Should().BeApproximately(axis.Probability(value), 0.03, $"{axis.Name}={value}");
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_SameSeed_IdenticalSamples_DifferentSeed_DifferentSamples()
    {
        var first = await Generate(Create(FakeTeacher.Backtranslation()), seed: 11);
        var again = await Generate(Create(FakeTeacher.Backtranslation()), seed: 11);
        var other = await Generate(Create(FakeTeacher.Backtranslation()), seed: 12);

        static string WithoutTimings(List<Sample> samples) => JsonSerializer.Serialize(samples.Select(s => s with { Lineage = s.Lineage.Select(l => l with { DurationMs = 0 }).ToArray() }));
        WithoutTimings(again).Should().Be(WithoutTimings(first));
        other.Select(s => s.Id).Should().NotIntersectWith(first.Select(s => s.Id));
    }

    [Fact]
    public async Task GenerateAsync_UnparseableThenValid_RetriesWithACorrectionMessage()
    {
        var client = new ScriptedChatClient((_, _, call) => call == 1 ? "Sure! Here is a question: what?" : "{\"question\": \"When was it built?\"}");
        var samples = await Generate(Create(client, Options(perPassage: 1)), seed: 3);

        samples.Single().Messages[0].Content.Should().Be("When was it built?");
        client.Calls[1].Messages[^1].Text.Should().StartWith("Your previous reply could not be used: the reply contains no JSON object");
        client.Calls[1].Messages[^2].Text.Should().Be("Sure! Here is a question: what?");
    }

    [Fact]
    public async Task GenerateAsync_NeverParseable_FailsWithKindParseAndTheRawOutput()
    {
        var client = new ScriptedChatClient((_, _, _) => "{\"question\": 42}");
        var act = () => Generate(Create(client, Options(perPassage: 1)), seed: 3);

        var failure = (await act.Should().ThrowAsync<ItemFailureException>()).Which;
        failure.Kind.Should().Be("parse");
        failure.Raw.Should().Be("{\"question\": 42}");
        failure.Message.Should().Contain("$.question: expected string");
        client.CallCount.Should().Be(3, "one attempt and two correction retries");
    }

    [Fact]
    public async Task GenerateAsync_BlankQuestionPassesTheSchema_IsSentBackForCorrection()
    {
        // "     " satisfies minLength 5, as a sampled model under a grammar can produce; it is no question.
        var client = new ScriptedChatClient((_, _, call) => call == 1 ? "{\"question\": \"     \"}" : "{\"question\": \"When was it built?\"}");
        var samples = await Generate(Create(client, Options(perPassage: 1)), seed: 3);

        samples.Single().Messages[0].Content.Should().Be("When was it built?");
        client.Calls[1].Messages[^1].Text.Should().Contain("the field \"question\" must be a non-blank string");
    }

    [Fact]
    public async Task GenerateAsync_BlankAnswerEveryAttempt_FailsWithKindParseAfterTheRetries()
    {
        var client = new ScriptedChatClient((messages, _, _) => messages.Any(m => m.Text.Contains("Answer this request", StringComparison.Ordinal))
            ? "{\"answer\": \"\\n\"}"
            : "{\"question\": \"When was it built?\"}");
        var act = () => Generate(Create(client, Options(perPassage: 1, answer: AnswerMode.Teacher)), seed: 3);

        var failure = (await act.Should().ThrowAsync<ItemFailureException>()).Which;
        failure.Kind.Should().Be("parse");
        failure.Message.Should().Contain("\"answer\" must be a non-blank string");
        client.CallCount.Should().Be(4, "one question call, then one answer attempt and two correction retries");
    }

    [Fact]
    public async Task GenerateAsync_ReasoningTeacher_KeepsTheAnswersTraceOnly()
    {
        var client = new ScriptedChatClient(call => call.Messages.Any(m => m.Text.Contains("Answer this request", StringComparison.Ordinal))
            ? ScriptedChatClient.Reasoned("answer trace", "{\"answer\": \"Between 1807 and 1810.\"}")
            : ScriptedChatClient.Reasoned("question trace", "{\"question\": \"When was it built?\"}"));

        var sample = (await Generate(Create(client, Options(perPassage: 1, answer: AnswerMode.Teacher)), seed: 3)).Single();

        sample.Messages[0].Reasoning.Should().BeNull();
        sample.Messages[1].Should().Be(new Message(Message.Assistant, "Between 1807 and 1810.") { Reasoning = "answer trace" });
    }

    [Fact]
    public void Options_PromptMissingAVariable_IsAConfigErrorNamingFileAndVariable()
    {
        var prompt = PromptTemplate.Parse("name: q\ntemplate: \"Ask about {{$passage}} for {{$audience}}\"\n", "custom/q.yaml");
        var act = () => new BacktranslationGenerator(new BacktranslationOptions { Model = "m" }, FakeTeacher.Backtranslation(), prompt);

        act.Should().Throw<PromptException>().WithMessage("custom/q.yaml: variable '{{$audience}}'*");
    }
}
