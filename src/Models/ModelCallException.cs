using MidTrain.Core.Failures;

namespace MidTrain.Models;

/// <summary>
/// A model call that failed for good (after the resilience layer's retries, if any). <see cref="Kind"/> says why, in
/// the words <c>failed.jsonl</c> uses: <c>transport</c>, <c>timeout</c>, <c>rate_limited</c>, <c>circuit_open</c>,
/// <c>server_error</c>, <c>client_error</c>, <c>parse</c>, <c>context_length</c>, <c>schema</c>, and in batch mode
/// <c>batch_expired</c>, <c>batch_failed</c>, <c>batch_cancelled</c>. The pipeline writes the kind into <c>failed.jsonl</c>
/// (<see cref="IFailureKind"/>).
/// </summary>
public sealed class ModelCallException : Exception, IFailureKind
{
    /// <summary>Creates the exception.</summary>
    public ModelCallException(string kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Creates an exception of kind <c>transport</c>.</summary>
    public ModelCallException()
        : this(ModelFailureKinds.Transport, "model call failed")
    {
    }

    /// <summary>Creates an exception of kind <c>transport</c>.</summary>
    public ModelCallException(string message)
        : this(ModelFailureKinds.Transport, message)
    {
    }

    /// <summary>Creates an exception of kind <c>transport</c>.</summary>
    public ModelCallException(string message, Exception innerException)
        : this(ModelFailureKinds.Transport, message, innerException)
    {
    }

    /// <summary>Why the call failed (one of <see cref="ModelFailureKinds"/>).</summary>
    public string Kind { get; }

    /// <summary>HTTP status code of the last attempt, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The server's <c>Retry-After</c> hint, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Attempts made before giving up (1 when there was no retry).</summary>
    public int Attempts { get; init; } = 1;
}
