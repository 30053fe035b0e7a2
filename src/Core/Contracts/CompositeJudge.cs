using MidTrain.Core.Records;

namespace MidTrain.Core.Contracts;

/// <summary>
/// A panel of judges run concurrently on the same sample; the judgements are concatenated in panel order.
/// Thread-safe when its members are.
/// </summary>
public sealed class CompositeJudge : IJudge
{
    private readonly IReadOnlyList<IJudge> _judges;

    /// <summary>Creates a panel of <paramref name="judges"/> (at least one).</summary>
    public CompositeJudge(IEnumerable<IJudge> judges)
    {
        _judges = judges.ToArray();
        if (_judges.Count == 0)
        {
            throw new ArgumentException("A judge panel needs at least one judge.", nameof(judges));
        }

        Criteria = _judges.SelectMany(j => j.Criteria).ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Criteria { get; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Judgement>> JudgeAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        var tasks = new Task<IReadOnlyList<Judgement>>[_judges.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = _judges[i].JudgeAsync(sample, cancellationToken).AsTask();
        }

        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        return results.SelectMany(r => r).ToArray();
    }
}
