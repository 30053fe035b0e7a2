using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>What a <see cref="RewardSet"/> runs with besides its configuration file. Immutable after construction.</summary>
public sealed class RewardRuntime
{
    /// <summary>Logging (sandbox warnings, model layer).</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The clock (verifier durations, model retries).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Builds a judge model from its <c>models:</c> entry (name, definition); null uses the model layer
    /// (<c>ModelSpec.Bind</c> + <c>ModelFactory</c>), as a pipeline does. Tests pass fakes here.
    /// </summary>
    public Func<string, ConfigMapping, IChatClient>? ModelFactory { get; init; }

    /// <summary>CPU-bound checks (math, citation) running at once across all requests (default: the number of cores).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Items of one batch in flight at once (sandbox runs and judge calls wait on their own pools; default 256).</summary>
    public int ItemConcurrency { get; init; } = 256;
}
