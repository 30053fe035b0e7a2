using MidTrain.Core.Configuration;

namespace MidTrain.Models.Concurrency;

/// <summary>
/// The <c>max_concurrency</c> of a model: a fixed number of requests in flight (<c>max_concurrency: 32</c>), or an
/// adaptive limit per endpoint (<c>max_concurrency: auto</c>, or <c>{min: 4, max: 512, initial: 16,
/// latency_tolerance: 2}</c>) that follows the server's capacity by AIMD: it grows by one per window of successful
/// requests (doubling per round trip until the first sign of overload), and is halved on a 429, a 503 or a timeout, and
/// cut by 10% when the latency per output token grows past <see cref="LatencyTolerance"/> × its recent minimum. At most
/// one decrease per round trip (only requests sent after the last decrease count). Immutable.
/// </summary>
public sealed class ConcurrencyLimit
{
    /// <summary>Bounds of an adaptive limit.</summary>
    public const int Ceiling = 100_000;

    private ConcurrencyLimit(bool adaptive, int min, int max, int initial, double latencyTolerance)
    {
        IsAdaptive = adaptive;
        Min = min;
        Max = max;
        Initial = initial;
        LatencyTolerance = latencyTolerance;
    }

    /// <summary>Whether the limit adapts (AIMD per endpoint) rather than staying at <see cref="Max"/>.</summary>
    public bool IsAdaptive { get; }

    /// <summary>The lowest adaptive limit per endpoint (default 1); equal to <see cref="Max"/> for a fixed limit.</summary>
    public int Min { get; }

    /// <summary>The highest adaptive limit per endpoint (default 256), or the fixed limit of the whole model.</summary>
    public int Max { get; }

    /// <summary>Where an adaptive limit starts (default 16, within min..max).</summary>
    public int Initial { get; }

    /// <summary>
    /// Growth of the latency per output token over its recent minimum that counts as overload (default 2; 0 turns the
    /// latency signal off, leaving 429, 503 and timeouts).
    /// </summary>
    public double LatencyTolerance { get; }

    /// <summary>A fixed limit of <paramref name="limit"/> requests in flight.</summary>
    public static ConcurrencyLimit Fixed(int limit) => new(false, limit, limit, limit, 0);

    /// <summary>An adaptive limit (AIMD per endpoint); null arguments take the defaults.</summary>
    public static ConcurrencyLimit Adaptive(int? min = null, int? max = null, int? initial = null, double? latencyTolerance = null)
    {
        var lo = min ?? 1;
        var hi = max ?? Math.Max(256, lo);
        return new(true, lo, hi, initial ?? (lo <= hi ? Math.Clamp(16, lo, hi) : lo), latencyTolerance ?? 2);
    }

    /// <summary>Checks the bounds; throws <see cref="OptionsValidationException"/> naming <c>max_concurrency</c>.</summary>
    public void Validate()
    {
        if (!IsAdaptive)
        {
            if (Max is < 1 or > Ceiling)
            {
                throw new OptionsValidationException("max_concurrency", $"must be between 1 and {Ceiling} (or auto)");
            }

            return;
        }

        if (Min < 1 || Max > Ceiling || Min > Max)
        {
            throw new OptionsValidationException("max_concurrency", $"needs 1 ≤ min ≤ max ≤ {Ceiling} (got min {Min}, max {Max})");
        }

        if (Initial < Min || Initial > Max)
        {
            throw new OptionsValidationException("max_concurrency.initial", $"must be between min ({Min}) and max ({Max})");
        }

        if (LatencyTolerance is not 0 and <= 1)
        {
            throw new OptionsValidationException("max_concurrency.latency_tolerance", "must be above 1 (or 0 to ignore latency)");
        }
    }

    /// <inheritdoc />
    public override string ToString() => IsAdaptive ? $"auto ({Min}..{Max}, from {Initial})" : Max.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
