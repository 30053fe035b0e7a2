namespace MidTrain.Models.Remote.Batch;

/// <summary>
/// What <c>midtrain batches RUN_DIR [--cancel]</c> needs: the batches a run directory records (read without touching
/// the running run's files), their live status from the provider, and cancellation. The API key comes from the
/// environment variable the model's definition names, as for a run. Thread-safe (stateless).
/// </summary>
public static class BatchAdmin
{
    /// <summary>The folder under a run directory holding each batch-mode model's state.</summary>
    public const string Folder = "batches";

    /// <summary>Every batch recorded in <paramref name="runDirectory"/>, by model, in submission order.</summary>
    public static IReadOnlyList<BatchRecord> Read(string runDirectory)
    {
        var root = Path.Combine(runDirectory, Folder);
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal)
            .SelectMany(dir => BatchStore.Read(dir).Select(s => new BatchRecord(
                Path.GetFileName(dir), s.Id, s.BatchId, s.CustomIds.Count, s.State.ToString().ToLowerInvariant(), s.FinalStatus, s.SubmittedAt)))
            .ToArray();
    }

    /// <summary>The provider's status of <paramref name="batchId"/> now (<c>validating</c>, <c>in_progress</c>, <c>completed</c>…).</summary>
    /// <exception cref="ModelCallException">The provider could not be asked.</exception>
    public static async Task<string> StatusAsync(ModelSpec model, string batchId, CancellationToken cancellationToken = default)
    {
        using var api = Api(model);
        return (await api.GetAsync(batchId, cancellationToken).ConfigureAwait(false)).Status;
    }

    /// <summary>Asks the provider to cancel <paramref name="batchId"/>; returns its status after the request (<c>cancelling</c>…).</summary>
    /// <exception cref="ModelCallException">The provider refused or could not be asked.</exception>
    public static async Task<string> CancelAsync(ModelSpec model, string batchId, CancellationToken cancellationToken = default)
    {
        using var api = Api(model);
        return (await api.CancelAsync(batchId, cancellationToken).ConfigureAwait(false)).Status;
    }

    private static OpenAiBatchApi Api(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var endpoint = model.OpenAi.AllEndpoints.FirstOrDefault() ?? throw new ArgumentException($"model '{model.Name}' has no endpoint", nameof(model));
        var key = model.OpenAi.ApiKeyEnv is { Length: > 0 } env ? Environment.GetEnvironmentVariable(env) : null;
        return new OpenAiBatchApi(new Uri(endpoint), key, TimeProvider.System, TimeSpan.FromMilliseconds(500));
    }
}
