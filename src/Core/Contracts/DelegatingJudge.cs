using MidTrain.Core.Records;

namespace MidTrain.Core.Contracts;

/// <summary>Base class for judge middleware: forwards every call to an inner judge. Thread-safe when the inner judge is.</summary>
public abstract class DelegatingJudge : IJudge
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    protected DelegatingJudge(IJudge inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The wrapped judge.</summary>
    protected IJudge Inner { get; }

    /// <inheritdoc />
    public virtual IReadOnlyList<string> Criteria => Inner.Criteria;

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyList<Judgement>> JudgeAsync(Sample sample, CancellationToken cancellationToken = default) =>
        Inner.JudgeAsync(sample, cancellationToken);
}
