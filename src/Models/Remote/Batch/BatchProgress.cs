namespace MidTrain.Models.Remote.Batch;

/// <summary>
/// Where a batch-mode model's batches stand (<c>client.GetService(typeof(BatchProgress))</c>, for the progress display).
/// Immutable snapshot.
/// </summary>
/// <param name="Queued">Requests waiting to be put in a batch.</param>
/// <param name="OpenBatches">Batches submitted (or being submitted) and not yet ended.</param>
/// <param name="RequestsInOpenBatches">Requests in those batches.</param>
/// <param name="EndedBatches">Batches ended (this run, all sessions), their results collected.</param>
public sealed record BatchProgress(int Queued, int OpenBatches, int RequestsInOpenBatches, int EndedBatches);
