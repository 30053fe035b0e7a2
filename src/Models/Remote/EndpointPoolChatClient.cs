using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MidTrain.Models.Remote;

/// <summary>
/// Spreads calls over several endpoints serving the same model: each call goes to the healthy endpoint with the fewest
/// requests in flight (ties broken round-robin). An endpoint that fails with a transport, timeout or 5xx error is
/// benched for <see cref="CoolDown"/>; when every endpoint is benched the least-loaded one is used anyway. Thread-safe.
/// </summary>
internal sealed class EndpointPoolChatClient : ChatClientPool
{
    private readonly Member[] _members;
    private readonly TimeProvider _timeProvider;
    private int _next;

    public EndpointPoolChatClient(IReadOnlyList<IChatClient> endpoints, TimeProvider timeProvider, TimeSpan coolDown)
        : base(endpoints)
    {
        _members = endpoints.Select(e => new Member(e)).ToArray();
        _timeProvider = timeProvider;
        CoolDown = coolDown;
    }

    public TimeSpan CoolDown { get; }

    /// <summary>Requests in flight per endpoint, in configuration order (for tests and metrics).</summary>
    public IReadOnlyList<int> Outstanding => _members.Select(m => Volatile.Read(ref m.Outstanding)).ToArray();

    /// <summary>Calls completed per endpoint, in configuration order.</summary>
    public IReadOnlyList<long> Completed => _members.Select(m => Interlocked.Read(ref m.Completed)).ToArray();

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var member = Acquire();
        try
        {
            var response = await member.Client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            member.BenchedUntilTicks = 0;
            return response;
        }
        catch (ModelCallException ex) when (IsEndpointFault(ex))
        {
            Bench(member);
            throw;
        }
        finally
        {
            Release(member);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var member = Acquire();
        try
        {
            var updates = member.Client.GetStreamingResponseAsync(messages, options, cancellationToken).OnFault(
                ex =>
                {
                    if (ex is ModelCallException call && IsEndpointFault(call))
                    {
                        Bench(member);
                    }

                    return null;
                },
                cancellationToken);
            await foreach (var update in updates.ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            Release(member);
        }
    }

    private static bool IsEndpointFault(ModelCallException ex) =>
        ex.Kind is ModelFailureKinds.Transport or ModelFailureKinds.Timeout or ModelFailureKinds.ServerError;

    private Member Acquire()
    {
        var now = _timeProvider.GetUtcNow().UtcTicks;
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_members.Length);
        Member? best = null;
        Member? fallback = null;
        for (var i = 0; i < _members.Length; i++)
        {
            var member = _members[(start + i) % _members.Length];
            var load = Volatile.Read(ref member.Outstanding);
            if (fallback is null || load < Volatile.Read(ref fallback.Outstanding))
            {
                fallback = member;
            }

            if (Interlocked.Read(ref member.BenchedUntilTicks) <= now && (best is null || load < Volatile.Read(ref best.Outstanding)))
            {
                best = member;
            }
        }

        var chosen = best ?? fallback!;
        Interlocked.Increment(ref chosen.Outstanding);
        return chosen;
    }

    private static void Release(Member member)
    {
        Interlocked.Decrement(ref member.Outstanding);
        Interlocked.Increment(ref member.Completed);
    }

    private void Bench(Member member)
    {
        if (_members.Length > 1)
        {
            Interlocked.Exchange(ref member.BenchedUntilTicks, (_timeProvider.GetUtcNow() + CoolDown).UtcTicks);
        }
    }

    private sealed class Member(IChatClient client)
    {
        public readonly IChatClient Client = client;
        public int Outstanding;
        public long Completed;
        public long BenchedUntilTicks;
    }
}
