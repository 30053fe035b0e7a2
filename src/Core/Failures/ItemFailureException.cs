namespace MidTrain.Core.Failures;

/// <summary>
/// Thrown by stage code when one item cannot be processed; the pipeline records it in <c>failed.jsonl</c> with
/// <see cref="Kind"/> and the message, and the run goes on. Optional <see cref="Raw"/> keeps e.g. the raw model output.
/// </summary>
public class ItemFailureException : Exception, IFailureKind
{
    /// <summary>Creates a failure of <paramref name="kind"/>.</summary>
    public ItemFailureException(string kind, string message, string? raw = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Raw = raw;
    }

    /// <inheritdoc />
    public string Kind { get; }

    /// <summary>Raw data worth keeping with the failure (e.g. unparseable model output), or null.</summary>
    public string? Raw { get; }
}
