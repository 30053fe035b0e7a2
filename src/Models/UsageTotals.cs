namespace MidTrain.Models;

/// <summary>
/// A snapshot of what calls to a model used: backend requests (cache hits excluded) and the tokens the backend
/// reported. Immutable; add snapshots with <see cref="op_Addition"/>.
/// </summary>
/// <param name="Requests">Calls that reached the backend.</param>
/// <param name="InputTokens">Prompt tokens, cached ones included.</param>
/// <param name="CachedInputTokens">Prompt tokens the provider served from its prompt cache (a part of <paramref name="InputTokens"/>).</param>
/// <param name="OutputTokens">Completion tokens, reasoning tokens included (OpenAI's convention).</param>
public sealed record UsageTotals(long Requests, long InputTokens, long CachedInputTokens, long OutputTokens)
{
    /// <summary>Nothing used.</summary>
    public static UsageTotals Zero { get; } = new(0, 0, 0, 0);

    /// <summary>Prompt and completion tokens together.</summary>
    public long Tokens => InputTokens + OutputTokens;

    /// <summary>The sum of two snapshots.</summary>
    public static UsageTotals operator +(UsageTotals left, UsageTotals right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.Requests + right.Requests, left.InputTokens + right.InputTokens, left.CachedInputTokens + right.CachedInputTokens, left.OutputTokens + right.OutputTokens);
    }

    /// <summary>The sum of two snapshots (named alternative to the operator).</summary>
    public static UsageTotals Add(UsageTotals left, UsageTotals right) => left + right;
}
