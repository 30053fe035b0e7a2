using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using MidTrain.Core.Models;

namespace MidTrain.Testing.Fakes;

/// <summary>
/// A hand-written <see cref="IChatClient"/> fake: each call is answered by a script (a function of the call, a fixed
/// sequence of replies, or numbered steps), and every call is recorded. Streaming replays the reply as updates.
/// <see cref="Identity"/> is returned from <c>GetService</c> the way a run's model clients expose theirs.
/// Thread-safe.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Func<ScriptedCall, ChatResponse> _reply;
    private readonly List<ScriptedCall> _calls = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _firstCall = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    /// <summary>Answers each call with <paramref name="reply"/>.</summary>
    public ScriptedChatClient(Func<ScriptedCall, ChatResponse> reply) => _reply = reply ?? throw new ArgumentNullException(nameof(reply));

    /// <summary>Answers each call with the text <paramref name="script"/> returns for (messages, options, call number).</summary>
    public ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, ChatOptions?, int, string> script, string modelId = "scripted")
        : this(call => Text(script(call.Messages, call.Options, call.Number), call.Messages, modelId))
    {
        ArgumentNullException.ThrowIfNull(script);
    }

    /// <summary>Answers with <paramref name="replies"/> in order; a call beyond the script throws.</summary>
    public ScriptedChatClient(params string[] replies)
        : this(Sequence(replies))
    {
    }

    /// <summary>The identity returned for <c>GetService(typeof(ModelIdentity))</c>, or null.</summary>
    public ModelIdentity? Identity { get; init; }

    /// <summary>Calls made so far.</summary>
    public int CallCount => Volatile.Read(ref _count);

    /// <summary>The calls made so far, in order.</summary>
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

    /// <summary>Completes when the first call arrives.</summary>
    public Task FirstCall => _firstCall.Task;

    /// <summary>A client that runs the next of <paramref name="steps"/> on each call (the last one forever), given the 0-based call index.</summary>
    public static ScriptedChatClient Steps(params Func<int, ChatResponse>[] steps)
    {
        ArgumentOutOfRangeException.ThrowIfZero(steps.Length);
        return new ScriptedChatClient(call => steps[Math.Min(call.Number - 1, steps.Length - 1)](call.Number - 1));
    }

    /// <summary>A plain assistant reply.</summary>
    public static ChatResponse Text(string text) => new(new ChatMessage(ChatRole.Assistant, text));

    /// <summary>
    /// A reply from a reasoning model as the model layer returns it: the trace as <see cref="TextReasoningContent"/>,
    /// then the answer; <paramref name="finish"/> defaults to stop.
    /// </summary>
    public static ChatResponse Reasoned(string reasoning, string answer, ChatFinishReason? finish = null) =>
        new(new ChatMessage(ChatRole.Assistant, [new TextReasoningContent(reasoning), new TextContent(answer)]))
        {
            FinishReason = finish ?? ChatFinishReason.Stop,
        };

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = messages.ToArray();
        ScriptedCall call;
        lock (_gate)
        {
            call = new ScriptedCall(Interlocked.Increment(ref _count), snapshot, options);
            _calls.Add(call);
        }

        _firstCall.TrySetResult();
        return Task.FromResult(_reply(call));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ModelIdentity) ? Identity
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static Func<ScriptedCall, ChatResponse> Sequence(string[] replies)
    {
        var queue = new Queue<string>(replies);
        var gate = new Lock();
        return _ =>
        {
            lock (gate)
            {
                return queue.Count > 0 ? Text(queue.Dequeue()) : throw new InvalidOperationException($"the script has only {replies.Length} replies");
            }
        };
    }

    private static ChatResponse Text(string text, IReadOnlyList<ChatMessage> messages, string modelId) => new(new ChatMessage(ChatRole.Assistant, text))
    {
        ModelId = modelId,
        Usage = new UsageDetails { InputTokenCount = messages.Sum(m => m.Text.Length) / 4, OutputTokenCount = text.Length / 4 },
    };
}
