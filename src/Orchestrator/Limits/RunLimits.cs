using System.Globalization;
using MidTrain.Orchestrator.Runs;

namespace MidTrain.Orchestrator.Limits;

/// <summary>
/// Decides when a run stops reading input: a budget reached (<see cref="BudgetOptions"/>) or the accepted target met
/// (<see cref="TargetOptions"/>). Asked by the input source before each record, so the overshoot is at most what the
/// items already in flight spend or accept. The accepted count is read at every call; the spending figures are re-read
/// at most every <c>interval</c> of the injected <see cref="TimeProvider"/> (they come from live counters). The wall
/// budget is whatever the spending function says (<see cref="UsageLedger"/> measures it on the run's
/// <see cref="TimeProvider"/>). Once a limit is reached the decision sticks. Thread-safe.
/// </summary>
public sealed class RunLimits
{
    private readonly BudgetOptions? _budget;
    private readonly TargetOptions? _target;
    private readonly Func<RunSpending> _spent;
    private readonly Func<long> _accepted;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private long? _lastCheck;
    private LimitStop? _stop;

    /// <summary>Creates the limits of a run.</summary>
    /// <param name="budget">The budget, or null.</param>
    /// <param name="target">The target, or null.</param>
    /// <param name="spent">What the run has spent (across sessions).</param>
    /// <param name="accepted">Samples accepted so far (across sessions, before settlement).</param>
    /// <param name="interval">How often the figures are re-read (default 1 ms).</param>
    /// <param name="timeProvider">The clock of <paramref name="interval"/> (default <see cref="TimeProvider.System"/>).</param>
    public RunLimits(BudgetOptions? budget, TargetOptions? target, Func<RunSpending> spent, Func<long> accepted, TimeSpan? interval = null, TimeProvider? timeProvider = null)
    {
        _budget = budget;
        _target = target;
        _spent = spent;
        _accepted = accepted;
        _interval = interval ?? TimeSpan.FromMilliseconds(1);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Whether any limit is set.</summary>
    public bool Any => _budget is not null || _target?.Accepted is not null;

    /// <summary>The limit that stopped the run, or null.</summary>
    public LimitStop? Stop => Volatile.Read(ref _stop);

    /// <summary>Whether the run must stop reading input (evaluates the limits now if the last look is older than the interval).</summary>
    public bool ShouldStop()
    {
        if (!Any)
        {
            return false;
        }

        if (Volatile.Read(ref _stop) is not null)
        {
            return true;
        }

        lock (_gate)
        {
            if (_stop is null)
            {
                var due = _lastCheck is not { } last || _time.GetElapsedTime(last) >= _interval;
                if (due)
                {
                    _lastCheck = _time.GetTimestamp();
                }

                // The accepted count is one counter read, looked at before every record, so a record read after the
                // target is met never enters the run and the overshoot stays within the items already in flight; the
                // spending figures are re-read only once the interval has passed.
                Volatile.Write(ref _stop, due ? Evaluate() : TargetStop());
            }

            return _stop is not null;
        }
    }

    /// <summary>Evaluates the limits now, ignoring the interval.</summary>
    public LimitStop? Evaluate()
    {
        if (_budget is { } budget)
        {
            var spent = _spent();
            foreach (var key in BudgetKeys)
            {
                if (Figures(key, budget, spent) is { } figures && figures.Spent >= figures.Limit)
                {
                    return new LimitStop("budget", key, figures.Spent, figures.Limit, BudgetMessage(key, budget, spent));
                }
            }
        }

        return TargetStop();
    }

    private LimitStop? TargetStop() =>
        _target?.Accepted is { } target && _accepted() is var accepted && accepted >= target
            ? new LimitStop("target", "accepted", accepted, target, $"target met: {accepted.ToString(CultureInfo.InvariantCulture)} accepted (target {target.ToString(CultureInfo.InvariantCulture)})")
            : null;

    /// <summary>
    /// The line for a budget stop with the figures of <paramref name="spent"/> (at the end of the run, what the items in
    /// flight added is included), e.g. <c>budget reached: usd 200.04 of 200</c>; for other stops their own message.
    /// </summary>
    public string Describe(LimitStop stop, RunSpending spent)
    {
        ArgumentNullException.ThrowIfNull(stop);
        return stop.Kind == "budget" && _budget is { } budget ? BudgetMessage(stop.Key, budget, spent) : stop.Message;
    }

    private static readonly string[] BudgetKeys = ["usd", "tokens", "requests", "wall"];

    private static (double Spent, double Limit)? Figures(string key, BudgetOptions budget, RunSpending spent) => key switch
    {
        "usd" when budget.Usd is { } usd => (spent.Usd, usd),
        "tokens" when budget.Tokens is { } tokens => (spent.Tokens, tokens),
        "requests" when budget.Requests is { } requests => (spent.Requests, requests),
        "wall" when budget.Wall is { } wall => (spent.Wall.TotalSeconds, wall.TotalSeconds),
        _ => null,
    };

    private static string BudgetMessage(string key, BudgetOptions budget, RunSpending spent) => key switch
    {
        "usd" => $"budget reached: usd {spent.Usd.ToString("0.00", CultureInfo.InvariantCulture)} of {budget.Usd!.Value.ToString("0.####", CultureInfo.InvariantCulture)}",
        "tokens" => $"budget reached: tokens {Whole(spent.Tokens)} of {Whole(budget.Tokens!.Value)}",
        "requests" => $"budget reached: requests {Whole(spent.Requests)} of {Whole(budget.Requests!.Value)}",
        _ => $"budget reached: wall {Duration(spent.Wall)} of {Duration(budget.Wall!.Value)}",
    };

    private static string Whole(double n) => n.ToString("0", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan t) => t.TotalHours >= 1
        ? $"{(int)t.TotalHours}h{t.Minutes:D2}m"
        : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s" : $"{t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)}s";
}
