namespace MidTrain.Verifiers.Math;

/// <summary>
/// The cooperative time bound of one check: a step counter and a deadline that parser, extractor and evaluator loops
/// consult. Exceeding either throws <see cref="BudgetExceededException"/>, which the checker turns into an
/// <c>invalid</c> verdict, so no thread is ever left running. Not thread-safe: one budget per check.
/// </summary>
internal sealed class CheckBudget
{
    private readonly TimeProvider _time;
    private readonly long _deadline;
    private readonly long _maxSteps;
    private long _steps;

    public CheckBudget(TimeProvider time, TimeSpan limit, long maxSteps)
    {
        _time = time;
        var ticks = (long)(limit.TotalSeconds * time.TimestampFrequency);
        _deadline = time.GetTimestamp() + System.Math.Max(1, ticks);
        _maxSteps = maxSteps;
    }

    /// <summary>A budget that never runs out (for tests and internal reuse).</summary>
    public static CheckBudget Unlimited() => new(TimeProvider.System, TimeSpan.FromDays(1), long.MaxValue);

    public long Steps => _steps;

    /// <summary>Counts <paramref name="weight"/> steps and checks the bounds (the clock every 1024 steps).</summary>
    public void Step(int weight = 1)
    {
        var before = _steps;
        _steps += weight;
        if (_steps > _maxSteps)
        {
            throw new BudgetExceededException("step budget exhausted");
        }

        if ((before >> 10) != (_steps >> 10) && _time.GetTimestamp() > _deadline)
        {
            throw new BudgetExceededException("time bound exceeded");
        }
    }
}
