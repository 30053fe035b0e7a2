using MidTrain.Core.Contracts;
using MidTrain.Core.Records;

namespace MidTrain.Judges.Tests.Fakes;

/// <summary>A judge that returns one fixed judgement: a score, or an invalid judgement when the score is null.</summary>
internal sealed class FixedJudge(string judge, string criterion, double? score) : IJudge
{
    public IReadOnlyList<string> Criteria { get; } = [criterion];

    public Judgement Judgement { get; } = new()
    {
        Judge = judge,
        Criterion = criterion,
        Score = score,
        IsValid = score is not null,
        Rationale = score is null ? "invalid: the JSON object is malformed (after 3 attempts)" : "fixed",
    };

    public ValueTask<IReadOnlyList<Judgement>> JudgeAsync(Sample sample, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<Judgement>>([Judgement]);
}
