using MidTrain.Core.Records;

namespace MidTrain.Core.Contracts;

/// <summary>
/// Scores one sample on one or more well-defined criteria, returning one <see cref="Judgement"/> per criterion.
/// A judgement that could not be obtained is returned with <see cref="Judgement.IsValid"/> = false, not thrown.
/// Implementations must be safe to call concurrently.
/// </summary>
public interface IJudge
{
    /// <summary>The criteria this judge scores, in the order of the returned judgements.</summary>
    IReadOnlyList<string> Criteria { get; }

    /// <summary>Judges <paramref name="sample"/>.</summary>
    ValueTask<IReadOnlyList<Judgement>> JudgeAsync(Sample sample, CancellationToken cancellationToken = default);
}
