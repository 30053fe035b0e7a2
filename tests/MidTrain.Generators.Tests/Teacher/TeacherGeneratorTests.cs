using System.Text.Json;
using MidTrain.Core.Prompts;
using MidTrain.Core.Records;
using MidTrain.Generators.Teacher;

namespace MidTrain.Generators.Tests.Teacher;

public sealed class TeacherGeneratorTests
{
    private static readonly Passage Passage = new("millau", 2, "The Millau Viaduct opened on 16 December 2004. One mast reaches 343 metres.", 100, 175);

    private static async Task<Sample> One(string task, string reply)
    {
        var generator = new TeacherGenerator(new TeacherOptions { Model = "teacher", Task = task }, new ScriptedChatClient((_, _, _) => reply), PromptLibrary.Load($"teacher/{task}"));
        await foreach (var sample in generator.GenerateAsync(Passage, 5))
        {
            return sample;
        }

        throw new InvalidOperationException("no sample");
    }

    [Fact]
    public async Task GroundedQa_Reply_BecomesQuestionAnswerWithQuotesForTheCitationVerifier()
    {
        var sample = await One("grounded_qa", "```json\n{\"question\": \"When did the Millau Viaduct open?\", \"answer\": \"It opened on \\\"16 December 2004\\\".\", \"evidence\": [\"The Millau Viaduct opened on 16 December 2004.\"]}\n```");

        sample.Messages.Select(m => m.Role).Should().Equal("user", "assistant");
        sample.Messages[0].Content.Should().Be("When did the Millau Viaduct open?");
        sample.Fields!["quotes"][0].GetString().Should().Be("The Millau Viaduct opened on 16 December 2004.");
        sample.Attributes["task"].Should().Be("grounded_qa");
        sample.Source.Start.Should().Be(100);
    }

    [Fact]
    public async Task GroundedQa_ReasoningTeacher_TheTraceGoesWithTheAnswer_AndIntoTheId()
    {
        const string reply = "{\"question\": \"When did it open?\", \"answer\": \"In 2004.\", \"evidence\": [\"The Millau Viaduct opened on 16 December 2004.\"]}";
        var client = new ScriptedChatClient(_ =>
        {
            var response = ScriptedChatClient.Reasoned("The passage gives {16 December 2004}.", reply);
            response.Usage = new Microsoft.Extensions.AI.UsageDetails { InputTokenCount = 50, OutputTokenCount = 30, ReasoningTokenCount = 12 };
            return response;
        });
        var generator = new TeacherGenerator(new TeacherOptions { Model = "teacher" }, client, PromptLibrary.Load("teacher/grounded_qa"));
        Sample? sample = null;
        await foreach (var s in generator.GenerateAsync(Passage, 5))
        {
            sample = s;
        }

        var plain = await One("grounded_qa", reply);

        sample!.Messages[0].Reasoning.Should().BeNull();
        sample.Messages[1].Should().Be(new Message(Message.Assistant, "In 2004.") { Reasoning = "The passage gives {16 December 2004}." });
        sample.Lineage.Single().ReasoningTokens.Should().Be(12);
        sample.Id.Should().NotBe(plain.Id, "the trace is part of the sample");
        plain.Messages[1].Reasoning.Should().BeNull();
    }

    [Fact]
    public async Task WorkedSolution_Reply_KeepsTheFinalAnswerAsGold()
    {
        var sample = await One("worked_solution", JsonSerializer.Serialize(new { problem = "How many years from 2004 to 2024?", steps = new[] { "2024 - 2004 = 20" }, final_answer = "20" }));

        sample.Messages[1].Content.Should().Be("1. 2024 - 2004 = 20\n\nFinal answer: \\boxed{20}");
        sample.Fields!["gold"].GetString().Should().Be("20");
    }

    [Fact]
    public async Task Dialogue_Reply_BecomesARewriteInstructionAndTheDialogue()
    {
        var sample = await One("dialogue", JsonSerializer.Serialize(new { title = "The viaduct", turns = new[] { new { speaker = "A", text = "When did it open?" }, new { speaker = "B", text = "In 2004." } } }));

        sample.Messages[0].Content.Should().StartWith("Rewrite the following text as a conversation").And.EndWith(Passage.Text);
        sample.Messages[1].Content.Should().Be("The viaduct\n\nA: When did it open?\nB: In 2004.");
    }

    [Fact]
    public async Task WorkedSolution_BlankFinalAnswer_IsSentBackForCorrection()
    {
        var blank = JsonSerializer.Serialize(new { problem = "How many years from 2004 to 2024?", steps = new[] { "2024 - 2004 = 20" }, final_answer = " " });
        var good = JsonSerializer.Serialize(new { problem = "How many years from 2004 to 2024?", steps = new[] { "2024 - 2004 = 20" }, final_answer = "20" });
        var client = new ScriptedChatClient((_, _, call) => call == 1 ? blank : good);
        var generator = new TeacherGenerator(new TeacherOptions { Model = "teacher", Task = "worked_solution" }, client, PromptLibrary.Load("teacher/worked_solution"));

        var samples = new List<Sample>();
        await foreach (var sample in generator.GenerateAsync(Passage, 5))
        {
            samples.Add(sample);
        }

        samples.Single().Fields!["gold"].GetString().Should().Be("20");
        client.CallCount.Should().Be(2);
        client.Calls[1].Messages[^1].Text.Should().Contain("reply field 'final_answer' is missing or empty");
    }
}
