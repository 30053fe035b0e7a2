using MidTrain.Core.Contracts;
using MidTrain.Core.Records;
using FluentAssertions;
using Xunit;

namespace MidTrain.Testing.Conformance;

/// <summary>
/// The <see cref="IJudge"/> contract, for any implementation: one judgement per criterion in <see cref="IJudge.Criteria"/>
/// order, safe concurrent use with identical results, cancellation propagated (never turned into a judgement).
/// Inherit and implement <see cref="CreateJudge"/> with a judge whose model honours cancellation.
/// </summary>
public abstract class JudgeConformanceTests
{
    /// <summary>A judge under test; it must be deterministic for a given sample.</summary>
    protected abstract IJudge CreateJudge();

    private static Sample SampleNumber(int i) => TestSamples.Qa(id: $"s{i}", question: $"Question number {i}?");

    /// <summary>Every criterion gets one judgement, in order.</summary>
    [Fact]
    public async Task JudgeAsync_AnySample_OneJudgementPerCriterionInOrder()
    {
        var judge = CreateJudge();

        var judgements = await judge.JudgeAsync(SampleNumber(0));

        judgements.Select(j => j.Criterion).Should().Equal(judge.Criteria);
        judgements.Should().OnlyContain(j => !string.IsNullOrEmpty(j.Judge));
        judgements.Should().OnlyContain(j => j.IsValid == (j.Score != null), "invalid judgements have no score, valid ones have one");
    }

    /// <summary>Concurrent calls give what sequential calls give.</summary>
    [Fact]
    public async Task JudgeAsync_Concurrent_SameResultsAsSequential()
    {
        var judge = CreateJudge();
        var sequential = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            sequential.Add(Describe(await judge.JudgeAsync(SampleNumber(i))));
        }

        var concurrent = await Deadline.Within(
            Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () => Describe(await judge.JudgeAsync(SampleNumber(i)))))),
            TimeSpan.FromSeconds(30), "concurrent judging");

        concurrent.Should().Equal(sequential);
    }

    /// <summary>Cancellation propagates.</summary>
    [Fact]
    public async Task JudgeAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var act = async () => await CreateJudge().JudgeAsync(SampleNumber(0), cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    private static string Describe(IReadOnlyList<Judgement> judgements) =>
        string.Join("; ", judgements.Select(j => $"{j.Judge}/{j.Criterion}={j.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "invalid"}"));
}
