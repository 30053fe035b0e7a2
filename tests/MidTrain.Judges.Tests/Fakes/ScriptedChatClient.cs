using Microsoft.Extensions.AI;

namespace MidTrain.Judges.Tests.Fakes;

/// <summary>
/// A chat client that answers from a script: a fixed sequence of replies, or a function of the conversation. Records
/// every call (a copy of the messages and the options). Thread-safe.
/// </summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatResponse> _reply;
    private readonly Lock _gate = new();
    private readonly List<ScriptedCall> _calls = [];

    public ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatResponse> reply) => _reply = reply;

    /// <summary>Replies with <paramref name="replies"/> in order; a call beyond the script fails the test.</summary>
    public ScriptedChatClient(params string[] replies)
    {
        var queue = new Queue<string>(replies);
        _reply = (_, _) => queue.Count > 0
            ? Text(queue.Dequeue())
            : throw new InvalidOperationException($"the script has only {replies.Length} replies");
    }

    public IReadOnlyList<ScriptedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.ToArray();
            }
        }
    }

    public static ChatResponse Text(string text) => new(new ChatMessage(ChatRole.Assistant, text));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = messages.ToArray();
        lock (_gate)
        {
            _calls.Add(new ScriptedCall(snapshot, options));
            return Task.FromResult(_reply(snapshot, options));
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("judges do not stream");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
