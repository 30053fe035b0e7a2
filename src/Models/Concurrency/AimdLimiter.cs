namespace MidTrain.Models.Concurrency;

/// <summary>
/// The adaptive concurrency limit of one endpoint (AIMD, see <see cref="ConcurrencyLimit"/>): additive increase while
/// requests succeed and the limit is in use (+1 per success until the first overload — slow start, doubling per round
/// trip — then +1/limit per success, one per window), multiplicative decrease on overload (×0.5 on a 429, a 503 or a
/// timeout; ×0.9 when the latency per output token exceeds the tolerance × its minimum over the last minute). Only a
/// request sent after the last decrease can cause another, so one burst of 429s halves the limit once. Records the
/// limit's history (decreases always, increases at most once a second). Not thread-safe: the pool calls it under its lock.
/// </summary>
internal sealed class AimdLimiter
{
    private const double OverloadFactor = 0.5;
    private const double LatencyFactor = 0.9;
    private const int MaxHistory = 512;
    private static readonly TimeSpan LatencyWindow = TimeSpan.FromSeconds(30);

    private readonly ConcurrencyLimit _options;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly List<LimitChange> _history = [];
    private double _limit;
    private bool _slowStart = true;
    private long _lastDecrease;
    private long _lastRecorded;
    private double _latencyEwma = double.NaN;
    private double _windowMin = double.PositiveInfinity;
    private double _previousWindowMin = double.PositiveInfinity;
    private long _windowStart;
    private int _samplesSinceDecrease;

    public AimdLimiter(ConcurrencyLimit options, TimeProvider time, long origin)
    {
        _options = options;
        _time = time;
        _origin = origin;
        _limit = options.Initial;
        _lastDecrease = long.MinValue;
        _windowStart = origin;
        Record("start");
    }

    /// <summary>Requests that may be in flight now.</summary>
    public int Limit => Math.Max(_options.Min, (int)Math.Floor(_limit));

    /// <summary>Requests in flight (maintained by the pool).</summary>
    public int InFlight { get; set; }

    /// <summary>Times the limit was decreased.</summary>
    public int Decreases { get; private set; }

    /// <summary>The limit over time.</summary>
    public IReadOnlyList<LimitChange> History => _history;

    /// <summary>A request sent at <paramref name="started"/> succeeded after <paramref name="latency"/>, writing <paramref name="outputTokens"/> tokens.</summary>
    /// <param name="started">Timestamp (<see cref="TimeProvider.GetTimestamp"/>) when it was sent.</param>
    /// <param name="latency">How long it took.</param>
    /// <param name="outputTokens">Completion tokens reported, if any (latency is compared per output token).</param>
    /// <param name="inFlight">Requests in flight when it finished, itself included.</param>
    public void OnSuccess(long started, TimeSpan latency, long? outputTokens, int inFlight)
    {
        if (_options.LatencyTolerance > 0 && Overloaded(latency.TotalSeconds / (1 + Math.Max(0, outputTokens ?? 0))) && started > _lastDecrease)
        {
            Decrease(LatencyFactor, "latency");
            return;
        }

        // Grow only while the limit is what holds requests back; an idle endpoint keeps its limit.
        if (inFlight < Limit * 0.9 - 1)
        {
            return;
        }

        _limit = Math.Min(_options.Max, _limit + (_slowStart ? 1 : 1 / Math.Max(1, _limit)));
        var now = _time.GetTimestamp();
        if ((int)Math.Floor(_limit) != _history[^1].Limit && _time.GetElapsedTime(_lastRecorded, now) >= TimeSpan.FromSeconds(1))
        {
            Record("increase");
        }
    }

    /// <summary>A request sent at <paramref name="started"/> met overload (<paramref name="reason"/>: <c>429</c>, <c>503</c>, <c>timeout</c>).</summary>
    public void OnOverload(long started, string reason)
    {
        if (started > _lastDecrease)
        {
            Decrease(OverloadFactor, reason);
        }
    }

    private void Decrease(double factor, string reason)
    {
        _slowStart = false;
        _limit = Math.Max(_options.Min, Math.Floor(_limit) * factor);
        _lastDecrease = _time.GetTimestamp();
        _samplesSinceDecrease = 0;
        _latencyEwma = double.NaN;
        Decreases++;
        Record(reason);
    }

    /// <summary>Feeds one latency sample (seconds per output token); true when the smoothed latency is past the tolerance.</summary>
    private bool Overloaded(double perToken)
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_windowStart, now) >= LatencyWindow)
        {
            _previousWindowMin = _windowMin;
            _windowMin = double.PositiveInfinity;
            _windowStart = now;
        }

        _windowMin = Math.Min(_windowMin, perToken);
        _latencyEwma = double.IsNaN(_latencyEwma) ? perToken : (0.9 * _latencyEwma) + (0.1 * perToken);
        _samplesSinceDecrease++;
        var baseline = Math.Min(_windowMin, _previousWindowMin);
        return _samplesSinceDecrease >= 20 && baseline > 0 && _latencyEwma > _options.LatencyTolerance * baseline;
    }

    private void Record(string reason)
    {
        var now = _time.GetTimestamp();
        _lastRecorded = now;
        if (_history.Count >= MaxHistory)
        {
            // Keep the shape of a long run: drop every other point but the first.
            for (var i = _history.Count - 1; i > 0; i -= 2)
            {
                _history.RemoveAt(i);
            }
        }

        _history.Add(new LimitChange(Math.Round(_time.GetElapsedTime(_origin, now).TotalSeconds, 3), Limit, reason));
    }
}
