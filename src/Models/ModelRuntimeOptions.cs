using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MidTrain.Models;

/// <summary>Run-wide settings for building model clients. Immutable after construction.</summary>
public sealed class ModelRuntimeOptions
{
    /// <summary>
    /// Where responses are cached (the run directory's <c>cache/</c>); null disables the cache. Responses are stored by a
    /// content hash of (model fingerprint, messages, options, seed), so re-running a finished pipeline calls no model.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// Where models keep what must survive a crash (the run directory: batch mode's batch ids and result files, under
    /// <c>batches/MODEL/</c>); null: batch mode is unavailable.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>Where the built-in tiny model is written on demand; null = <c>$TMPDIR/midtrain-models</c>.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>Logging for backends, middleware and llama.cpp's own log.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Clock for retry delays, timeouts and the circuit breaker (a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Options with no cache, no logging and the system clock.</summary>
    public static ModelRuntimeOptions Default { get; } = new();
}
