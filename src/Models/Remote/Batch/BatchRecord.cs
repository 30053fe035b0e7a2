namespace MidTrain.Models.Remote.Batch;

/// <summary>A batch recorded in a run directory (<c>midtrain batches</c>). Immutable.</summary>
/// <param name="Model">The model name under <c>models:</c>.</param>
/// <param name="Submission">MidTrain's id of the submission (also in the batch's metadata).</param>
/// <param name="BatchId">The provider's batch id, or null when it was never created (or not yet known).</param>
/// <param name="Requests">Requests in its input file.</param>
/// <param name="State"><c>submitting</c>, <c>created</c>, <c>ended</c> or <c>abandoned</c>, as recorded.</param>
/// <param name="Status">The provider's final status once ended (<c>completed</c>, <c>expired</c>, <c>failed</c>, <c>cancelled</c>).</param>
/// <param name="SubmittedAt">When its input file was uploaded.</param>
public sealed record BatchRecord(string Model, string Submission, string? BatchId, int Requests, string State, string? Status, DateTimeOffset SubmittedAt)
{
    /// <summary>Whether the provider may still be working on it (so it can be cancelled).</summary>
    public bool Open => State is "submitting" or "created";
}
