using System.Runtime.CompilerServices;
using MidTrain.Core.Contracts;
using MidTrain.Core.Records;

namespace MidTrain.Core.Tests.Contracts;

public sealed class CompositeTests
{
    private sealed class Fixed(string name, VerdictOutcome outcome) : IVerifier
    {
        public string Name => name;

        public string Version => "1";

        public ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new Verdict { Name = name, Version = "1", Outcome = outcome, Reason = name });
    }

    private sealed class Echo(string name) : IGenerator
    {
        public string Name => name;

        public async IAsyncEnumerable<Sample> GenerateAsync(Passage passage, long seed, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new Sample { Id = $"{name}:{seed}", Source = new SourceSpan(passage.DocumentId, passage.Index, passage.Start, passage.End) };
        }
    }

    [Theory]
    [InlineData(VerdictOutcome.Pass, VerdictOutcome.Pass, VerdictOutcome.Pass, null)]
    [InlineData(VerdictOutcome.Pass, VerdictOutcome.Invalid, VerdictOutcome.Invalid, "b: b")]
    [InlineData(VerdictOutcome.Invalid, VerdictOutcome.Fail, VerdictOutcome.Fail, "b: b")]
    [InlineData(VerdictOutcome.Fail, VerdictOutcome.Fail, VerdictOutcome.Fail, "a: a")]
    public async Task CompositeVerifier_Outcome_FailBeatsInvalidBeatsPass(VerdictOutcome a, VerdictOutcome b, VerdictOutcome expected, string? reason)
    {
        var verdict = await new CompositeVerifier("both", [new Fixed("a", a), new Fixed("b", b)]).VerifyAsync(TestSamples.Qa());

        verdict.Outcome.Should().Be(expected);
        verdict.Reason.Should().Be(reason);
        verdict.Version.Should().Be("a@1+b@1");
        verdict.Details!.Value.GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task CompositeGenerator_AddingAGenerator_LeavesTheOthersSeedsUnchanged()
    {
        var passage = new Passage("d", 0, "text", 0, 4);
        var one = await new CompositeGenerator([new Echo("x")]).GenerateAsync(passage, 42).ToListAsync();
        var two = await new CompositeGenerator([new Echo("x"), new Echo("y")]).GenerateAsync(passage, 42).ToListAsync();

        two.Select(s => s.Id).Should().HaveCount(2).And.StartWith(one.Select(s => s.Id));
    }
}
