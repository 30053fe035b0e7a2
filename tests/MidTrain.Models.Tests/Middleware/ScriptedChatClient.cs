using Microsoft.Extensions.AI;

namespace MidTrain.Models.Tests.Middleware;

/// <summary>A hand-written fake backend: each call runs the next scripted step (or the last one forever).</summary>
internal sealed class ScriptedChatClient(params Func<int, ChatResponse>[] steps) : IChatClient
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public TaskCompletionSource FirstCall { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var n = Interlocked.Increment(ref _calls) - 1;
        FirstCall.TrySetResult();
        return Task.FromResult(steps[Math.Min(n, steps.Length - 1)](n));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
