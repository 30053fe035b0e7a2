using System.Collections.Concurrent;
using MidTrain.Core.Records;
using MidTrain.Models.Serving;

namespace MidTrain.Orchestrator.Rewards.Http;

/// <summary>
/// Items scored, by reward and outcome, for <c>/metrics</c> (<c>midtrain_rewards_total{reward, outcome}</c>) and the
/// sum of their scores (<c>midtrain_reward_score_sum{reward}</c>, so a dashboard can plot the mean reward). Thread-safe.
/// </summary>
internal sealed class RewardCounters
{
    private readonly ConcurrentDictionary<(string Reward, VerdictOutcome Outcome), Count> _items = new();
    private readonly ConcurrentDictionary<string, Sum> _scores = new(StringComparer.Ordinal);

    /// <summary>Counts <paramref name="results"/>.</summary>
    public void Add(IEnumerable<RewardResult> results)
    {
        foreach (var result in results)
        {
            Interlocked.Increment(ref _items.GetOrAdd((result.Reward, result.Outcome), static _ => new Count()).Value);
            _scores.GetOrAdd(result.Reward, static _ => new Sum()).Add(result.Score);
        }
    }

    /// <summary>Items scored by <paramref name="reward"/> with <paramref name="outcome"/> so far.</summary>
    public long Items(string reward, VerdictOutcome outcome) => _items.TryGetValue((reward, outcome), out var c) ? Interlocked.Read(ref c.Value) : 0;

    /// <summary>Registers the metrics (before the server starts).</summary>
    public void Register(ServerMetrics metrics)
    {
        metrics.ExternalCounter("midtrain_rewards_total", "Items scored, by reward and outcome.", () =>
            _items.OrderBy(e => e.Key.Reward, StringComparer.Ordinal).ThenBy(e => e.Key.Outcome)
                .Select(e => ($"reward=\"{Escape(e.Key.Reward)}\",outcome=\"{Name(e.Key.Outcome)}\"", (double)Interlocked.Read(ref e.Value.Value))));
        metrics.Gauge("midtrain_reward_score_sum", "Sum of the scores given, by reward (divide by midtrain_rewards_total for the mean).", () =>
            _scores.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => ($"reward=\"{Escape(e.Key)}\"", e.Value.Value)));
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Name(VerdictOutcome outcome) => outcome switch { VerdictOutcome.Pass => "pass", VerdictOutcome.Fail => "fail", _ => "invalid" };

    private sealed class Count
    {
        public long Value;
    }

    private sealed class Sum
    {
        private readonly Lock _gate = new();
        private double _value;

        public double Value
        {
            get
            {
                lock (_gate)
                {
                    return _value;
                }
            }
        }

        public void Add(double amount)
        {
            lock (_gate)
            {
                _value += amount;
            }
        }
    }
}
