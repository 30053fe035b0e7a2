using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Stages.Generic;

/// <summary>Options of <c>generic:</c> stages.</summary>
public sealed class GenericStageOptions : IValidatableOptions
{
    /// <summary>For <c>length_filter</c>: items whose text is shorter are rejected (default 0).</summary>
    [Range(0, int.MaxValue)]
    public int MinChars { get; set; }

    /// <summary>For <c>length_filter</c>: items whose text is longer are rejected (default: no limit).</summary>
    [Range(1, int.MaxValue)]
    public int MaxChars { get; set; } = int.MaxValue;

    /// <summary>A simulated latency per item (<c>delay_ms</c>), to rehearse concurrency, backpressure and resume without a model.</summary>
    [ConfigKey("delay_ms")]
    [Range(0, 3_600_000)]
    public TimeSpan Delay { get; set; }

    /// <inheritdoc />
    public void Validate()
    {
        if (MaxChars < MinChars)
        {
            throw new OptionsValidationException("max_chars", $"must be at least min_chars ({MinChars})");
        }
    }
}
