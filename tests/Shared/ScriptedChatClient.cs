using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MidTrain.Tests;

/// <summary>
/// A hand-written <see cref="IChatClient"/> fake: each call is answered by a script function of the conversation and
/// options (so replies can depend on the seed, the prompt, or the call number). Records every call. Thread-safe.
/// </summary>
internal sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, ChatOptions?, int, string> script, string modelId = "scripted") : IChatClient
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Log { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var list = messages.ToList();
        var call = Interlocked.Increment(ref _calls);
        lock (Log)
        {
            Log.Add((list, options));
        }

        var text = script(list, options, call);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = modelId,
            Usage = new UsageDetails { InputTokenCount = list.Sum(m => m.Text.Length) / 4, OutputTokenCount = text.Length / 4 },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
