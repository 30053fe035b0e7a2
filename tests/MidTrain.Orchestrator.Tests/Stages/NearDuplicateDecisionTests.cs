using System.Text.Json;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Generators.Dedup;
using MidTrain.Orchestrator.Runs;
using MidTrain.Orchestrator.Stages.Generate;
using MidTrain.Testing;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Stages;

/// <summary>
/// Deciding near-duplicates over finished runs (merge, dedup) compares what the generate stage compared: a long-context
/// sample's <c>fields.question</c>, not its user turn (which holds the whole context and is shared by every sample of it).
/// </summary>
public sealed class NearDuplicateDecisionTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("midtrain-dedup-decide");

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Decide_LongContextSamplesOfOneContext_ComparedByTheirQuestionsNotTheSharedContext()
    {
        var context = TestSamples.Context().Text;
        string[] questions =
        [
            "Which document names the year the bridge opened?",
            "How many engineers does the second document mention?",
            "How many engineers does the second document mention?",
        ];
        var samples = questions.Select((q, i) => new Sample
        {
            Id = $"ctx#{i}",
            Source = new SourceSpan("ctx", 0, 0, context.Length),
            Messages = [new Message(Message.User, context + "\n\n" + q), new Message(Message.Assistant, "An answer.")],
            Fields = new Dictionary<string, JsonElement> { [Core.Records.LongContextFields.Question] = JsonSerializer.SerializeToElement(q) },
        });
        File.WriteAllLines(Path.Combine(_dir, RunFiles.Accepted), samples.Select(s => JsonSerializer.Serialize(s, JsonDefaults.Options)));

        var decisions = NearDuplicateRejections.Decide([_dir], new NearDuplicateOptions());

        decisions.Losers.Should().ContainSingle("only the repeated question is a duplicate; the shared context is not the question");
        var (loser, winner) = decisions.Losers.Single();
        new[] { loser, winner.KeptId }.Should().BeEquivalentTo(["ctx#1", "ctx#2"]);
        winner.Exact.Should().BeTrue();
    }
}
