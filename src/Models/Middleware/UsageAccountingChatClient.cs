using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MidTrain.Models.Middleware;

/// <summary>
/// Counts the calls that reach the backend and the tokens they report into a <see cref="ModelUsage"/>. Sits below the
/// cache (hits are counted there) and above the resilience layer's retries. Thread-safe.
/// </summary>
internal sealed class UsageAccountingChatClient : DelegatingChatClient
{
    private readonly ModelUsage _usage;

    /// <summary>Creates the accounting layer writing into <paramref name="usage"/>.</summary>
    public UsageAccountingChatClient(IChatClient innerClient, ModelUsage usage)
        : base(innerClient)
    {
        _usage = usage;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _usage.AddRequest();
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            Count(response.Usage);
            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _usage.AddFailure();
            throw;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _usage.AddRequest();
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).OnFault(
            ex =>
            {
                if (ex is not OperationCanceledException)
                {
                    _usage.AddFailure();
                }

                return null;
            },
            cancellationToken);
        await foreach (var update in updates.ConfigureAwait(false))
        {
            foreach (var content in update.Contents)
            {
                if (content is UsageContent usage)
                {
                    Count(usage.Details);
                }
            }

            yield return update;
        }
    }

    private void Count(UsageDetails? usage)
    {
        if (usage is not null)
        {
            _usage.AddTokens(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0);
            _usage.AddReasoningTokens(usage.ReasoningTokenCount ?? 0);
            _usage.AddCachedInputTokens(usage.CachedInputTokenCount ?? 0);
        }
    }
}
