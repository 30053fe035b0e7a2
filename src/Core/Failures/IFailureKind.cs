namespace MidTrain.Core.Failures;

/// <summary>
/// Implemented by exceptions that classify a per-item failure (e.g. <c>transport</c>, <c>timeout</c>,
/// <c>rate_limited</c>, <c>parse</c>); the pipeline writes <see cref="Kind"/> into <c>failed.jsonl</c>.
/// </summary>
public interface IFailureKind
{
    /// <summary>The failure kind, a short snake_case word.</summary>
    string Kind { get; }
}
