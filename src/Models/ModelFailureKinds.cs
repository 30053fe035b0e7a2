namespace MidTrain.Models;

/// <summary>The failure kinds a <see cref="ModelCallException"/> carries (the <c>kind</c> field of <c>failed.jsonl</c>).</summary>
public static class ModelFailureKinds
{
    /// <summary>Connection refused or reset, DNS failure, truncated body.</summary>
    public const string Transport = "transport";

    /// <summary>An attempt took longer than the per-attempt timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The server answered 429 on every attempt.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The circuit breaker is open: the endpoint failed too often recently.</summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>5xx answers.</summary>
    public const string ServerError = "server_error";

    /// <summary>Other 4xx answers (bad request, authentication): not retried.</summary>
    public const string ClientError = "client_error";

    /// <summary>The server answered 2xx with a body that is not a valid completion.</summary>
    public const string Parse = "parse";

    /// <summary>The prompt plus the requested output does not fit the model's context.</summary>
    public const string ContextLength = "context_length";

    /// <summary>The requested JSON schema cannot be enforced.</summary>
    public const string Schema = "schema";

    /// <summary>A batch request was not run before its batch's completion window ended (twice: it is resubmitted once).</summary>
    public const string BatchExpired = "batch_expired";

    /// <summary>A batch request's batch failed without answering it (twice: it is resubmitted once).</summary>
    public const string BatchFailed = "batch_failed";

    /// <summary>The batch holding the request was cancelled (<c>midtrain batches --cancel</c>).</summary>
    public const string BatchCancelled = "batch_cancelled";
}
