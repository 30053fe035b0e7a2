namespace MidTrain.Models.Remote.Batch;

/// <summary>
/// One batch input file of a model and what became of it, as the run directory's batch state records it: uploaded
/// and about to be created (<see cref="BatchSubmissionState.Submitting"/>), created (a batch id), ended (the provider's
/// final status; result files saved) or abandoned (never created). Mutated under <see cref="BatchStore"/>'s lock.
/// </summary>
internal sealed class BatchSubmission(string id, string fileId, IReadOnlyList<string> customIds, DateTimeOffset submittedAt)
{
    public string Id { get; } = id;

    public string FileId { get; } = fileId;

    public IReadOnlyList<string> CustomIds { get; } = customIds;

    public DateTimeOffset SubmittedAt { get; } = submittedAt;

    public BatchSubmissionState State { get; set; } = BatchSubmissionState.Submitting;

    public string? BatchId { get; set; }

    /// <summary>The provider's final status once ended (<c>completed</c>, <c>expired</c>, <c>failed</c>, <c>cancelled</c>).</summary>
    public string? FinalStatus { get; set; }

    public string? OutputFileId { get; set; }

    public string? ErrorFileId { get; set; }
}
