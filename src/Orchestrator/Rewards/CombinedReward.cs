using System.Text.Json.Nodes;
using MidTrain.Core.Records;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// <c>kind: combine</c>: the weighted sum of other rewards' scores, <c>Σ weight × score</c>, the parts scored
/// concurrently. The outcome is <c>fail</c> when a part fails, else <c>invalid</c> when a part could not be checked,
/// else <c>pass</c>; the reason names each part that did not pass. The result carries every part's result as
/// <c>parts</c>. Thread-safe.
/// </summary>
internal sealed class CombinedReward : IReward
{
    private readonly IReadOnlyList<(IReward Reward, double Weight)> _parts;
    private readonly Func<IReward, RewardItem, CancellationToken, ValueTask<RewardResult>> _score;

    /// <summary>Creates the combination; <paramref name="score"/> scores one part (through the server's CPU bound).</summary>
    public CombinedReward(string name, IReadOnlyList<(IReward Reward, double Weight)> parts, Func<IReward, RewardItem, CancellationToken, ValueTask<RewardResult>> score)
    {
        Name = name;
        _parts = parts;
        _score = score;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Kind => "combine";

    /// <inheritdoc />
    public bool RequiresGroundTruth => _parts.Any(p => p.Reward.RequiresGroundTruth);

    /// <inheritdoc />
    public bool IsCpuBound => false;

    /// <summary>The parts and their weights.</summary>
    public IReadOnlyList<(IReward Reward, double Weight)> Parts => _parts;

    /// <inheritdoc />
    public async ValueTask<RewardResult> ScoreAsync(RewardItem item, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_parts.Select(p => _score(p.Reward, item, cancellationToken).AsTask())).ConfigureAwait(false);
        var score = 0.0;
        var parts = new JsonArray();
        for (var i = 0; i < results.Length; i++)
        {
            score += _parts[i].Weight * results[i].Score;
            var part = results[i].ToJson();
            part["weight"] = _parts[i].Weight;
            parts.Add(part);
        }

        var outcome = results.Any(r => r.Outcome == VerdictOutcome.Fail) ? VerdictOutcome.Fail
            : results.Any(r => r.Outcome == VerdictOutcome.Invalid) ? VerdictOutcome.Invalid
            : VerdictOutcome.Pass;
        var reasons = results.Where(r => r.Outcome != VerdictOutcome.Pass).Select(r => $"{r.Reward}: {r.Reason}").ToArray();
        return new RewardResult
        {
            Reward = Name,
            Kind = Kind,
            Score = score,
            Outcome = outcome,
            Reason = reasons.Length == 0 ? null : string.Join("; ", reasons),
            Details = new JsonObject { ["parts"] = parts },
        };
    }
}
