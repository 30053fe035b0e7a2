using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MidTrain.Models.Tests.Serving;

/// <summary>
/// A backend that holds every call until <see cref="Release"/> (or until the call is cancelled), counting calls started
/// and cancelled. Streaming sends "first " at once, then the rest after the release. Records the last options seen.
/// </summary>
internal sealed class GatedChatClient : IChatClient
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _cancelled;

    public int Started => Volatile.Read(ref _started);

    public int Cancelled => Volatile.Read(ref _cancelled);

    public ChatOptions? LastOptions { get; private set; }

    public IReadOnlyList<ChatMessage>? LastMessages { get; private set; }

    public void Release() => _release.TrySetResult();

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        LastMessages = messages.ToList();
        LastOptions = options;
        Interlocked.Increment(ref _started);
        await WaitAsync(cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, "done"))
        {
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 3, OutputTokenCount = 1, TotalTokenCount = 4 },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        LastMessages = messages.ToList();
        LastOptions = options;
        Interlocked.Increment(ref _started);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "first ");
        await WaitAsync(cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "second");
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            FinishReason = ChatFinishReason.Stop,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = 3, OutputTokenCount = 2 })],
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _release.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }
    }
}
