using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Models.Remote.Batch;

/// <summary>
/// The batch keys of a <c>provider: openai</c> model: <c>batch: true</c> sends its requests through the provider's
/// batch API (<c>/v1/files</c> + <c>/v1/batches</c>) instead of one HTTP call each — cheaper (see
/// <c>price.batch_discount</c>) and slower (hours). Requests are gathered into input files within the provider's limits,
/// submitted, polled and fed back to the pipeline as they complete; batch ids are kept in the run directory so
/// <c>--resume</c> collects batches already submitted instead of paying twice. Defaults live here only.
/// </summary>
public sealed class BatchOptions : IValidatableOptions
{
    /// <summary>Whether the model's requests go through the batch API (<c>batch</c>, default false).</summary>
    [ConfigKey("batch")]
    public bool Enabled { get; set; }

    /// <summary>Requests per batch at most (<c>batch_max_requests</c>; OpenAI allows 50,000).</summary>
    [ConfigKey("batch_max_requests")]
    [Range(1, 1_000_000)]
    public int MaxRequests { get; set; } = 50_000;

    /// <summary>Bytes of one batch input file at most (<c>batch_max_bytes</c>; OpenAI allows 200 MB).</summary>
    [ConfigKey("batch_max_bytes")]
    [Range(1024, long.MaxValue)]
    public long MaxBytes { get; set; } = 200_000_000;

    /// <summary>How long requests are gathered before a batch that is not full is submitted (<c>batch_linger_s</c>, default 30 s).</summary>
    [ConfigKey("batch_linger_s")]
    public TimeSpan Linger { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often submitted batches are polled (<c>batch_poll_s</c>, default 30 s).</summary>
    [ConfigKey("batch_poll_s")]
    public TimeSpan Poll { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The completion window asked for (<c>batch_completion_window</c>, default <c>24h</c>, the one OpenAI offers).</summary>
    [ConfigKey("batch_completion_window")]
    public string CompletionWindow { get; set; } = "24h";

    /// <inheritdoc />
    public void Validate()
    {
        if (Linger < TimeSpan.Zero)
        {
            throw new OptionsValidationException("batch_linger_s", "must not be negative");
        }

        if (Poll <= TimeSpan.Zero)
        {
            throw new OptionsValidationException("batch_poll_s", "must be positive");
        }

        if (string.IsNullOrWhiteSpace(CompletionWindow))
        {
            throw new OptionsValidationException("batch_completion_window", "must not be empty");
        }
    }
}
