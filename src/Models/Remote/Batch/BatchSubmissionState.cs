namespace MidTrain.Models.Remote.Batch;

/// <summary>Where a batch submission stands (see <see cref="BatchSubmission"/>).</summary>
internal enum BatchSubmissionState
{
    /// <summary>The input file is uploaded and the batch is being created (or was, and the answer was lost).</summary>
    Submitting,

    /// <summary>The provider holds the batch.</summary>
    Created,

    /// <summary>The batch reached a final status and its result files are saved.</summary>
    Ended,

    /// <summary>The batch was never created (checked against the provider's list); its requests are free to go again.</summary>
    Abandoned,
}
